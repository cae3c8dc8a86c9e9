/*
 * cheri_c.c - cheri.h from C: the inline helpers (DDC/PCC fields, CRRL/CRAM) and the
 * CHERI_ASM form for sequences that keep a capability inside one asm statement (a
 * non-CHERI compiler would strip the tag if it moved the value itself). Prints like the
 * other conformance programs; exit status 0 when every check passed.
 */
#include "cheri.h"
#include "runtime.h"

void check(const char *name, uint64_t actual, uint64_t expected);
int check_done(const char *program);

/* Length and tag of CSetBounds(DDC with address `addr`, `len`), within one asm statement. */
static uint64_t bounded_len(uint64_t addr, uint64_t len, uint64_t *tag)
{
    uint64_t r, t;
    __asm__ volatile(
        CHERI_ASM(CGETDDC(%0))
        CHERI_ASM(CSETADDR(%0, %0, %2))
        CHERI_ASM(CSETBOUNDS(%0, %0, %3))
        CHERI_ASM(CGETTAG(%1, %0))
        CHERI_ASM(CGETLEN(%0, %0))
        : "=&r"(r), "=&r"(t)
        : "r"(addr), "r"(len));
    *tag = t;
    return r;
}

/* An integer move (what the compiler emits for a copy) strips the tag (spec §9.21). */
static uint64_t tag_after_mv(void)
{
    uint64_t r;
    __asm__ volatile(
        CHERI_ASM(CGETDDC(%0))
        "mv %0, %0\n"
        CHERI_ASM(CGETTAG(%0, %0))
        : "=r"(r));
    return r;
}

int main(void)
{
    uint64_t tag;

    check("c: ddc base", cheri_ddc_base(), 0);
    check("c: ddc len", cheri_ddc_len(), ~0ull);
    check("c: ddc perm", cheri_ddc_perm(), PERM_ALL);
    check("c: ddc tag", cheri_ddc_tag(), 1);
    check("c: pcc base", cheri_pcc_base(), 0);
    check("c: pcc len", cheri_pcc_len(), ~0ull);
    check("c: pcc perm", cheri_pcc_perm(), PERM_ALL);
    check("c: pcc flags", cheri_pcc_flags(), 0);
    check("c: crrl(0x12345)", cheri_crrl(0x12345), 0x12380);
    check("c: cram(0x12345)", cheri_cram(0x12345), 0xffffffffffffff80ull);
    check("c: crrl(-1)", cheri_crrl(~0ull), 0);
    check("c: setbounds(80001003, 12345) len", bounded_len(0x80001003, 0x12345, &tag), 0x12380);
    check("c: setbounds(80001003, 12345) tag", tag, 1);
    check("c: setbounds(-1000, 1001) tag", (bounded_len(0xfffffffffffff000ull, 0x1001, &tag), tag), 0);
    check("c: tag after mv", tag_after_mv(), 0);
    return check_done("cheri_c");
}
