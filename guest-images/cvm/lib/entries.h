/*
 * entries.h - CAP_Call entries more than one cVM program offers (capcall_server.c,
 * fuzz_victim.c). Include it where the program's own entries are defined.
 */
#ifndef CVM_ENTRIES_H
#define CVM_ENTRIES_H

#include "capcall.h"

/* add(a, b): a + b */
static long add(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    (void)buf, (void)len, (void)caller;
    return a + b;
}

/* upper(buf): upper-cases the caller's buffer in place, through the buffer capability the
 * call carries (at most 256 bytes); its length, or -errno */
static long upper(long a, long b, const cvm_cap_t *buf, size_t len, long caller)
{
    char tmp[256];
    (void)a, (void)b, (void)caller;
    if (len > sizeof(tmp))
        return HC_EINVAL;
    if (cvm_buf_read(buf, 0, tmp, len) < 0)
        return HC_EFAULT;
    for (size_t i = 0; i < len; i++)
        if (tmp[i] >= 'a' && tmp[i] <= 'z')
            tmp[i] = (char)(tmp[i] - 'a' + 'A');
    if (cvm_buf_write(buf, 0, tmp, len) < 0)
        return HC_EFAULT;
    return (long)len;
}

#endif /* CVM_ENTRIES_H */
