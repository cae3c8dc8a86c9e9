/*
 * victim.c - the cVM the attackers of examples/attacker.toml aim at. It keeps a secret in
 * its memory, shares a read-only buffer under the key "pub", and some milliseconds later
 * revokes it; at the end it checks that its secret and its buffer are unchanged. It prints
 * the same lines whether or not attackers run beside it (tests/attacker.rs compares).
 */
#include "cvm.h"

#define WAIT_NS 3000000ull             /* 3 ms of mtime: every attacker gets its turns first */

static char secret[64] = "the victim's secret: 4242";
static char pub[64] __attribute__((aligned(64))) = "a public notice from the victim";

static uint64_t checksum(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)p[i]) * 1099511628211ull;
    return h;
}

static void wait_ns(uint64_t ns)
{
    uint64_t until = cvm_time_ns() + ns;
    while (cvm_time_ns() < until)
        ;
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    uint64_t s0 = checksum(secret, sizeof(secret)), p0 = checksum(pub, sizeof(pub));
    long r = cvm_capfile_advertise("pub", pub, sizeof(pub), CAPFILE_READ);
    cvm_puts("advertised \"pub\" read-only: ");
    cvm_puts(r >= 0 ? "yes\n" : "no\n");
    cvm_puts("secret checksum ");
    cvm_put_hex(s0);
    cvm_puts("\n");
    wait_ns(WAIT_NS);
    r = cvm_capfile_revoke("pub");
    cvm_puts("revoked \"pub\": ");
    cvm_puts(r >= 0 ? "yes\n" : "no\n");
    wait_ns(WAIT_NS);
    cvm_puts(checksum(secret, sizeof(secret)) == s0 ? "my secret is unchanged\n" : "MY SECRET CHANGED\n");
    cvm_puts(checksum(pub, sizeof(pub)) == p0 ? "my public buffer is unchanged\n" : "MY PUBLIC BUFFER CHANGED\n");
    return 0;
}
