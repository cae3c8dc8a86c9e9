/*
 * regs.c - a cVM that checks that a hostcall gives it back exactly its own registers: it fills
 * every register but sp, a0, a7 and t6 with a pattern, keeps a capability (bounded from its
 * DDC) in t6, makes a hostcall (HC_TIME), and checks every register and the capability's tag and
 * bounds afterwards. Prints "registers kept" or the first register that changed; exits with
 * 0 or the register number.
 */
#include "cheri.h"
#include "cvm.h"
#include "frame.h"

#define STR(x) #x
#define XSTR(x) STR(x)

/* Returns 0, or the number of the first register that did not survive (32: t6's capability). */
uint64_t regs_survive_hostcall(void);
__asm__(
    "    .text\n"
    "    .globl regs_survive_hostcall\n"
    "regs_survive_hostcall:\n"
    SAVE_CALLEE_SAVED
    "    li x1, 4097\n"
    "    li x3, 4099\n"
    "    li x4, 4100\n"
    "    li x5, 4101\n"
    "    li x6, 4102\n"
    "    li x7, 4103\n"
    "    li x8, 4104\n"
    "    li x9, 4105\n"
    "    li x11, 4107\n"
    "    li x12, 4108\n"
    "    li x13, 4109\n"
    "    li x14, 4110\n"
    "    li x15, 4111\n"
    "    li x16, 4112\n"
    "    li x18, 4114\n"
    "    li x19, 4115\n"
    "    li x20, 4116\n"
    "    li x21, 4117\n"
    "    li x22, 4118\n"
    "    li x23, 4119\n"
    "    li x24, 4120\n"
    "    li x25, 4121\n"
    "    li x26, 4122\n"
    "    li x27, 4123\n"
    "    li x28, 4124\n"
    "    li x29, 4125\n"
    "    li x30, 4126\n"
    CHERI_ASM(CGETDDC(t6))
    "    li a0, 48\n"
    CHERI_ASM(CSETBOUNDS(t6, t6, a0))
    "    li a7, " XSTR(HC_TIME) "\n"
    "    ecall\n"
    "    li a0, 4107\n"           /* x11 = a1 first: the checks below use it */
    "    bne a1, a0, 8f\n"
    "    li a0, " XSTR(HC_TIME) "\n"
    "    li a1, 17\n"
    "    bne a7, a0, 9f\n"
    "    li a0, 4097\n"
    "    li a1, 1\n"
    "    bne x1, a0, 9f\n"
    "    li a0, 4099\n"
    "    li a1, 3\n"
    "    bne x3, a0, 9f\n"
    "    li a0, 4100\n"
    "    li a1, 4\n"
    "    bne x4, a0, 9f\n"
    "    li a0, 4101\n"
    "    li a1, 5\n"
    "    bne x5, a0, 9f\n"
    "    li a0, 4102\n"
    "    li a1, 6\n"
    "    bne x6, a0, 9f\n"
    "    li a0, 4103\n"
    "    li a1, 7\n"
    "    bne x7, a0, 9f\n"
    "    li a0, 4104\n"
    "    li a1, 8\n"
    "    bne x8, a0, 9f\n"
    "    li a0, 4105\n"
    "    li a1, 9\n"
    "    bne x9, a0, 9f\n"
    "    li a0, 4108\n"
    "    li a1, 12\n"
    "    bne x12, a0, 9f\n"
    "    li a0, 4109\n"
    "    li a1, 13\n"
    "    bne x13, a0, 9f\n"
    "    li a0, 4110\n"
    "    li a1, 14\n"
    "    bne x14, a0, 9f\n"
    "    li a0, 4111\n"
    "    li a1, 15\n"
    "    bne x15, a0, 9f\n"
    "    li a0, 4112\n"
    "    li a1, 16\n"
    "    bne x16, a0, 9f\n"
    "    li a0, 4114\n"
    "    li a1, 18\n"
    "    bne x18, a0, 9f\n"
    "    li a0, 4115\n"
    "    li a1, 19\n"
    "    bne x19, a0, 9f\n"
    "    li a0, 4116\n"
    "    li a1, 20\n"
    "    bne x20, a0, 9f\n"
    "    li a0, 4117\n"
    "    li a1, 21\n"
    "    bne x21, a0, 9f\n"
    "    li a0, 4118\n"
    "    li a1, 22\n"
    "    bne x22, a0, 9f\n"
    "    li a0, 4119\n"
    "    li a1, 23\n"
    "    bne x23, a0, 9f\n"
    "    li a0, 4120\n"
    "    li a1, 24\n"
    "    bne x24, a0, 9f\n"
    "    li a0, 4121\n"
    "    li a1, 25\n"
    "    bne x25, a0, 9f\n"
    "    li a0, 4122\n"
    "    li a1, 26\n"
    "    bne x26, a0, 9f\n"
    "    li a0, 4123\n"
    "    li a1, 27\n"
    "    bne x27, a0, 9f\n"
    "    li a0, 4124\n"
    "    li a1, 28\n"
    "    bne x28, a0, 9f\n"
    "    li a0, 4125\n"
    "    li a1, 29\n"
    "    bne x29, a0, 9f\n"
    "    li a0, 4126\n"
    "    li a1, 30\n"
    "    bne x30, a0, 9f\n"
    CHERI_ASM(CGETTAG(a0, t6))
    "    li a1, 32\n"
    "    beqz a0, 9f\n"
    CHERI_ASM(CGETLEN(a0, t6))
    "    li t0, 48\n"
    "    bne a0, t0, 9f\n"
    "    li a1, 0\n"
    "    j 9f\n"
    "8:  li a1, 11\n"
    "9:  mv a0, a1\n"
    RESTORE_CALLEE_SAVED
    "    ret\n");

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    uint64_t r = regs_survive_hostcall();
    if (r == 0) {
        cvm_puts("registers kept\n");
        return 0;
    }
    cvm_puts("register changed by the hostcall: ");
    cvm_put_dec((int64_t)r);
    cvm_puts("\n");
    return (int)r;
}
