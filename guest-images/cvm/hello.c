/*
 * hello.c - the smallest cVM: prints a greeting with its arguments and where it lives (its
 * DDC, read without any privilege: CSpecialRW DDC needs no ASR), then exits 0.
 */
#include "cheri.h"
#include "cvm.h"

int main(int argc, char **argv)
{
    cvm_puts("Hello from a cVM!");
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
