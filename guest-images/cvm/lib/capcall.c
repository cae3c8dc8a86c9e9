/*
 * capcall.c - the cVM side of the CInvoke door, CAP_Call, CAP_Stream and the copying pipe.
 */
#include "capcall.h"
#include "cheri.h"

#define STR(x) #x
#define XSTR(x) STR(x)

/* ---- the CInvoke door ---- */

static cvm_cap_t door_pair[2];                  /* code, data: sealed by the monitor */
static int door_ready;

void cvm_door_pair(cvm_cap_t pair[2])
{
    register long a0 __asm__("a0");
    register long a7 __asm__("a7") = HC_DOOR;
    /* Early clobber: `pair` arrives in a0, which the ecall overwrites before the stores. */
    __asm__ volatile("ecall\n" CHERI_ASM(SC(a0, 0, %[p])) CHERI_ASM(SC(a1, 16, %[p]))
                     : "=&r"(a0)
                     : "r"(a7), [p] "r"(pair)
                     : "a1", "memory");
}

/*
 * CInvoke door_pair: PCC becomes the door (which ecalls), c31 the unsealed data. cra is this
 * code's own PCC pointing after the CInvoke: the door comes back through it.
 */
long hc_invoke(long number, long x0, long x1, long x2)
{
    if (!door_ready) {
        cvm_door_pair(door_pair);
        door_ready = 1;
    }
    register long a0 __asm__("a0") = x0;
    register long a1 __asm__("a1") = x1;
    register long a2 __asm__("a2") = x2;
    register long a7 __asm__("a7") = number;
    __asm__ volatile(CHERI_ASM(LC(t1, 0, %[p]))
                     CHERI_ASM(LC(t2, 16, %[p]))
                     CHERI_ASM(CGETPCC(ra))
                     CHERI_ASM(CINCOFFSETIMM(ra, ra, 12))
                     CHERI_ASM(CINVOKE(t1, t2))
                     : "+r"(a0)
                     : "r"(a1), "r"(a2), "r"(a7), [p] "r"(door_pair)
                     : "ra", "t1", "t2", "t6", "memory");
    return a0;
}

/* ---- CAP_Call ---- */

/*
 * Every call enters here (PCC = this cVM's code, DDC = its region) with t0 = the function,
 * a0..a4 its arguments and sp just below three capability slots: the return pair at sp and
 * sp + 16, the buffer at sp + 32. The function returns here with sp as it was; the return
 * pair goes to the door with a7 = HC_RETURN, and the caller resumes. The door comes back
 * only if the monitor refused the pair, which ends this cVM.
 */
void cvm_call_trampoline(void);
__asm__("    .text\n"
        "    .balign 4\n"
        "    .globl cvm_call_trampoline\n"
        "cvm_call_trampoline:\n"
        "    jalr ra, 0(t0)\n"
        "    li a7, " XSTR(HC_RETURN) "\n"
        CHERI_ASM(LC(t1, 0, sp))
        CHERI_ASM(LC(t2, 16, sp))
        CHERI_ASM(CGETPCC(ra))
        CHERI_ASM(CINCOFFSETIMM(ra, ra, 12))
        CHERI_ASM(CINVOKE(t1, t2))
        "    li a7, " XSTR(HC_EXIT) "\n"
        "    li a0, 125\n"
        "    ecall\n");

long cvm_call_advertise(const char *key, cvm_entry_fn fn, void *stack, size_t size)
{
    long klen = (long)cvm_strlen(key);             /* before the register variables: a call */
    register long a0 __asm__("a0") = (long)key;
    register long a1 __asm__("a1") = klen;
    register long a2 __asm__("a2") = (long)fn;
    register long a3 __asm__("a3") = (long)stack;
    register long a4 __asm__("a4") = (long)size;
    register long a5 __asm__("a5") = (long)cvm_call_trampoline;
    register long a7 __asm__("a7") = HC_CALL_ADVERTISE;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7) : "memory");
    return a0;
}

long cvm_call_probe(const char *key, cvm_cap_t *handle)
{
    long klen = (long)cvm_strlen(key);
    register long a0 __asm__("a0") = (long)key;
    register long a1 __asm__("a1") = klen;
    register long a7 __asm__("a7") = HC_CALL_PROBE;
    /* ca0 = the sealed handle (a positive address) or a negative error. */
    __asm__ volatile("ecall\n"
                     "bltz a0, 1f\n"
                     CHERI_ASM(SC(a0, 0, %[h]))
                     "li a0, 0\n"
                     "1:\n"
                     : "+r"(a0)
                     : "r"(a1), "r"(a7), [h] "r"(handle)
                     : "memory");
    return a0;
}

long cvm_call(const cvm_cap_t *handle, long arg0, long arg1, void *buf, size_t len, int flags, long *value)
{
    register long a0 __asm__("a0");
    register long a1 __asm__("a1") = arg0;
    register long a2 __asm__("a2") = arg1;
    register long a3 __asm__("a3") = (long)buf;
    register long a4 __asm__("a4") = (long)len;
    register long a5 __asm__("a5") = flags;
    register long a7 __asm__("a7") = HC_CALL;
    __asm__ volatile(CHERI_ASM(LC(a0, 0, %[h])) "ecall\n"
                     : "=&r"(a0), "+r"(a1)
                     : "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7), [h] "r"(handle)
                     : "memory");
    if (a0 == 0 && value)
        *value = a1;
    return a0;
}

/*
 * Copies t3 bytes from the capability in t1 (its address = the first byte) to t2 (an
 * integer pointer), 8 bytes at a time when both are aligned. Clobbers t0, t4.
 */
#define COPY_IN_LOOP                                                                      \
    CHERI_ASM(CGETADDR(t0, t1))                                                           \
    "or t0, t0, t2\n"                                                                     \
    "andi t0, t0, 7\n"                                                                    \
    "bnez t0, 3f\n"                                                                       \
    "srli t4, t3, 3\n"                                                                    \
    "beqz t4, 3f\n"                                                                       \
    "1:\n" CHERI_ASM(LD_CAP(t0, t1)) "sd t0, 0(t2)\n" CHERI_ASM(CINCOFFSETIMM(t1, t1, 8)) \
    "addi t2, t2, 8\n"                                                                    \
    "addi t3, t3, -8\n"                                                                   \
    "addi t4, t4, -1\n"                                                                   \
    "bnez t4, 1b\n"                                                                       \
    "3: beqz t3, 5f\n"                                                                    \
    "4:\n" CHERI_ASM(LBU_CAP(t0, t1)) "sb t0, 0(t2)\n" CHERI_ASM(CINCOFFSETIMM(t1, t1, 1)) \
    "addi t2, t2, 1\n"                                                                    \
    "addi t3, t3, -1\n"                                                                   \
    "bnez t3, 4b\n"                                                                       \
    "5:\n"

/* Loads the slot's capability into t1 at offset off; a0 = 0 if it is tagged and covers
 * [off, off + len) from its address, else HC_EFAULT. */
static long buf_cap(const cvm_cap_t *buf, size_t off, size_t len)
{
    long ok;
    if (!buf)
        return HC_EFAULT;
    __asm__ volatile(CHERI_ASM(LC(t1, 0, %[b]))
                     CHERI_ASM(CGETTAG(%[ok], t1))
                     : [ok] "=r"(ok)
                     : [b] "r"(buf)
                     : "t1", "memory");
    if (!ok)
        return HC_EFAULT;
    uint64_t cap_len, cap_off;
    __asm__ volatile(CHERI_ASM(LC(t1, 0, %[b])) CHERI_ASM(CGETLEN(%[l], t1)) CHERI_ASM(CGETOFFSET(%[o], t1))
                     : [l] "=r"(cap_len), [o] "=r"(cap_off)
                     : [b] "r"(buf)
                     : "t1", "memory");
    if (off > cap_len - cap_off || len > cap_len - cap_off - off)
        return HC_EFAULT;
    return 0;
}

long cvm_buf_read(const cvm_cap_t *buf, size_t off, void *dst, size_t len)
{
    if (buf_cap(buf, off, len))
        return HC_EFAULT;
    __asm__ volatile(CHERI_ASM(LC(t1, 0, %[b]))
                     CHERI_ASM(CINCOFFSET(t1, t1, %[off]))
                     "mv t2, %[d]\n"
                     "mv t3, %[n]\n"
                     COPY_IN_LOOP
                     :
                     : [b] "r"(buf), [off] "r"(off), [d] "r"(dst), [n] "r"(len)
                     : "t0", "t1", "t2", "t3", "t4", "memory");
    return (long)len;
}

long cvm_buf_write(const cvm_cap_t *buf, size_t off, const void *src, size_t len)
{
    if (buf_cap(buf, off, len))
        return HC_EFAULT;
    __asm__ volatile(CHERI_ASM(LC(t1, 0, %[b]))
                     CHERI_ASM(CINCOFFSET(t1, t1, %[off]))
                     "mv t2, %[s]\n"
                     "mv t3, %[n]\n"
                     "beqz t3, 2f\n"
                     "1: lbu t0, 0(t2)\n"
                     CHERI_ASM(SB_CAP(t0, t1))
                     CHERI_ASM(CINCOFFSETIMM(t1, t1, 1))
                     "addi t2, t2, 1\n"
                     "addi t3, t3, -1\n"
                     "bnez t3, 1b\n"
                     "2:\n"
                     :
                     : [b] "r"(buf), [off] "r"(off), [s] "r"(src), [n] "r"(len)
                     : "t0", "t1", "t2", "t3", "memory");
    return (long)len;
}

long cvm_serve(void)
{
    return hostcall(HC_SERVE, 0, 0, 0);
}

/* ---- CAP_Stream and the copying pipe ---- */

long cvm_stream_open(const char *key, int end)
{
    return hostcall(HC_STREAM_OPEN, (long)key, (long)cvm_strlen(key), end);
}

long cvm_stream_write(long s, const void *buf, size_t len)
{
    return hostcall(HC_STREAM_WRITE, s, (long)buf, (long)len);
}

/* HC_STREAM_READ leaves a read-only capability to the writer's message in ca1; it is copied
 * in the same asm statement (the only place it exists), then acknowledged. */
long cvm_stream_read(long s, void *dst, size_t room)
{
    register long a0 __asm__("a0") = s;
    register long a7 __asm__("a7") = HC_STREAM_READ;
    __asm__ volatile("ecall\n"
                     "blez a0, 9f\n"
                     "mv t3, a0\n"
                     "bleu t3, %[room], 6f\n"
                     "mv t3, %[room]\n"
                     "6:\n" CHERI_ASM(CMOVE(t1, a1))
                     "mv t2, %[d]\n"
                     COPY_IN_LOOP
                     "9:\n"
                     : "+r"(a0)
                     : "r"(a7), [room] "r"(room), [d] "r"(dst)
                     : "a1", "t0", "t1", "t2", "t3", "t4", "memory");
    long len = a0;                                  /* a register variable is only safe in asm */
    if (len <= 0)
        return len;
    long ack = hostcall(HC_STREAM_ACK, s, 0, 0);
    if (ack < 0)
        return ack;
    return (size_t)len < room ? len : (long)room;
}

long cvm_pipe_write(long s, const void *buf, size_t len)
{
    return hostcall(HC_PIPE_WRITE, s, (long)buf, (long)len);
}

long cvm_pipe_read(long s, void *dst, size_t room)
{
    return hostcall(HC_PIPE_READ, s, (long)dst, (long)room);
}
