/*
 * capfile_consumer.c - the holder side of examples/capfile.toml. It reads the deployment
 * capfile "greeting" through the capability a probe returns, waits for the producer's "news",
 * reads it and acknowledges by writing into the buffer (no monitor on these accesses), then
 * waits for the revocation: its stored copy has lost its tag, and the read it then tries
 * traps with a CHERI tag violation, which the monitor reports.
 */
#include "cvm.h"

static cvm_cap_t news;                 /* the capability, kept in this cVM's memory */

static long probe_until_found(const char *key, cvm_cap_t *out)
{
    long r;
    while ((r = cvm_capfile_probe(key, out)) == HC_ENOENT)
        ;
    return r;
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cvm_cap_t greeting;
    char text[112];
    long r = cvm_capfile_probe("greeting", &greeting);
    if (r < 0) {
        cvm_puts("probe of \"greeting\" failed: ");
        cvm_put_dec(r);
        cvm_puts("\n");
        return 1;
    }
    uint64_t len = cvm_cap_length(&greeting);
    cvm_puts("\"greeting\": ");
    cvm_put_hex(cvm_cap_base(&greeting));
    cvm_puts(", ");
    cvm_put_hex(len);
    cvm_puts(" bytes, perms ");
    cvm_put_hex(cvm_cap_perms(&greeting));
    cvm_puts(": ");
    cvm_cap_read(&greeting, 0, text, sizeof(text) - 1);
    text[sizeof(text) - 1] = 0;
    cvm_puts(text);
    cvm_puts("\n");

    r = probe_until_found("news", &news);
    cvm_puts("probed \"news\": ");
    cvm_put_dec(r);
    cvm_puts(", ");
    cvm_put_hex(cvm_cap_length(&news));
    cvm_puts(" bytes, perms ");
    cvm_put_hex(cvm_cap_perms(&news));
    cvm_puts("\n");
    if (r < 0)
        return 1;
    uint64_t ready = 0;
    while (!ready)
        cvm_cap_read(&news, 0, &ready, sizeof(ready));
    cvm_cap_read(&news, 16, text, sizeof(text));
    text[sizeof(text) - 1] = 0;
    cvm_puts("read through the capability: ");
    cvm_puts(text);
    cvm_puts("\n");
    uint64_t one = 1;
    cvm_cap_write(&news, 8, &one, sizeof(one));
    cvm_cap_t again;
    while (cvm_capfile_probe("news", &again) == 0)
        ;                              /* until the producer revokes it */
    cvm_puts("\"news\" is gone; my copy's tag is now ");
    cvm_put_dec((int64_t)cvm_cap_tag(&news));
    cvm_puts("; reading through it anyway\n");
    cvm_cap_read(&news, 16, text, 8);
    cvm_puts("read after revoke: the revocation did not work\n");
    return 0;
}
