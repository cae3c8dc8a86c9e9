/*
 * hello.c - the smallest cVM: prints a greeting with its arguments and where it lives (its
 * DDC, read without any privilege: CSpecialRW DDC needs no ASR), then exits 0.
 *
 * The greeting comes from a table of pointers: absolute 64-bit addresses in data, which the
 * loader must move to the cVM's region (R_RISCV_64; see monitor/src/image.rs).
 */
#include "cheri.h"
#include "cvm.h"

static const char *const greeting[] = {"Hello", " from", " a", " cVM!", 0};

int main(int argc, char **argv)
{
    const char *const *g = greeting;
    __asm__("" : "+r"(g));                   /* read the table at run time, not folded */
    for (; *g; g++)
        cvm_puts(*g);
    for (int i = 0; i < argc; i++) {
        cvm_puts(" ");
        cvm_puts(argv[i]);
    }
    cvm_puts("\nmy region: ");
    cvm_put_hex(cheri_ddc_base());
    cvm_puts("..");
    cvm_put_hex(cheri_ddc_base() + cheri_ddc_len());
    cvm_puts(", DDC perms ");
    cvm_put_hex(cheri_ddc_perm());
    cvm_puts(", PCC perms ");
    cvm_put_hex(cheri_pcc_perm());
    cvm_puts("\n");
    return 0;
}
