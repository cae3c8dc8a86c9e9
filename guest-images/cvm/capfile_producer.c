/*
 * capfile_producer.c - the owner side of examples/capfile.toml. It shares a buffer of its
 * own memory under the key "news" (holders may read and write it), writes a message, waits
 * until a consumer acknowledges through the buffer, then revokes the key and reports how
 * many copies of the capability the monitor cleared. It also shows that a deployment capfile
 * its `capfiles` do not name is refused (HC_EPERM).
 */
#include "cvm.h"

/* 128 bytes, 128-aligned: exactly representable bounds. */
static struct news {
    volatile uint64_t ready;           /* 1: text is written */
    volatile uint64_t ack;             /* 1: a consumer has read it */
    char text[112];
} news __attribute__((aligned(128)));

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cvm_cap_t greeting;
    long r = cvm_capfile_probe("greeting", &greeting);
    cvm_puts("probe of \"greeting\" (not in my capfiles): ");
    cvm_put_dec(r);
    cvm_puts("\n");

    r = cvm_capfile_advertise("news", &news, sizeof(news), CAPFILE_READ | CAPFILE_WRITE);
    cvm_puts("advertised \"news\": capfile ");
    cvm_put_dec(r);
    cvm_puts("\n");
    if (r < 0)
        return 1;
    static const char msg[] = "the producer wrote this";
    memcpy(news.text, msg, sizeof(msg));
    news.ready = 1;
    while (!news.ack)
        ;                              /* the consumer runs in the other time slices */
    cvm_puts("the consumer acknowledged; revoking\n");
    r = cvm_capfile_revoke("news");
    cvm_puts("revoked \"news\": ");
    cvm_put_dec(r);
    cvm_puts(" copies cleared\n");
    r = cvm_capfile_revoke("news");
    cvm_puts("revoking again: ");
    cvm_put_dec(r);
    cvm_puts("\n");
    return 0;
}
