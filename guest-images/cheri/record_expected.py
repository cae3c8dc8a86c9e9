#!/usr/bin/env python3
"""record_expected.py - re-record NAME.v8.expected and NAME.v9.expected on QEMU-CHERI.

    python3 cheri/record_expected.py [--qemu PATH] [NAME ...]     (from guest-images/)

QEMU-CHERI is not part of this repository: PATH (or $QEMU_CHERI) names a locally built
qemu-system-riscv64cheri. For each program (default: all of them):
  * v8: QEMU's default mode, stdout verbatim -> NAME.v8.expected;
  * v9: `-cpu rv64,Xcheri_v9=on`, then every check line that QEMU fails and that matches one
    of the patterns in SAIL below (the places where the Sail model and QEMU differ, each
    documented in DIVERGENCES.md) is replaced by `name = <the program's expected value>`,
    which is Sail's, and the summary by `NAME: ok` -> NAME.v9.expected. Any other failing
    line is an error: nothing is recorded for that program.
Finally the table of DIVERGENCES.md is rewritten with the new line numbers and values
(the reasons are kept, looked up by check name); a check name missing from the table is an
error.
"""
import argparse, os, re, subprocess, sys

PROGRAMS = ['cheri_inspect', 'cheri_manip', 'cheri_mem', 'cheri_ctrl', 'cheri_scr', 'cheri_excp',
            'cheri_capmode', 'cheri_umode', 'cheri_c', 'cheri_bounds', 'cheri_reloc']

SAIL = {
    'cheri_inspect': [r'.* cgettop( traps)?$'],
    'cheri_manip': [r'^ccopytype \[1000,1010\) otype 1100 tag$', r'^cfromptr \[1000,1010\),37ff tag$',
                    r'^cclear .*'],
    'cheri_mem': [r'^sc\.c after sd to the granule$', r'^lr\.c misaligned mcause$',
                  r'^sc\.c untagged without StoreCap( traps| result)$',
                  r'^amoswap\.c untagged without StoreCap traps$', r'^(sc|amoswap)\.c local without SLC mtval$'],
    'cheri_scr': [r'^mret to odd sentry: mepcc type$', r'^csrw mtvec mode 2: mtvec-handler$',
                  r'^no-ASR csrr mscratch mtval$', r'^no-ASR csrw mtvec mtval$'],
    'cheri_excp': [r'^jalr\.cap (non-Global target|sentry at odd address|odd base)(: landed| traps)$',
                   r'^sc\.d, ddc without Store( traps| mcause| mtval| mepc-expected|: rd|: memory)$',
                   r'^sc\.d, ddc without Load( traps|: rd|: memory)$'],
    'cheri_capmode': [r'^c\.clcsp x0: mtval$'],
    'cheri_umode': [r'^U (with ASR: )?cspecialrw (mtcc|mscratchc|mepcc write) (mcause|mtval)$'],
}

FAIL = re.compile(r'^(.*) = ([0-9a-f]{16})  FAIL, expected ([0-9a-f]{16})$')
ROW = re.compile(r'^\| (\S+) \| `(.*)` \| (\S+) \| (\S+) \| (.*) \| (.*) \|$')


def run(qemu, elf, v9):
    cmd = [qemu, '-M', 'virt', '-bios', 'none', '-nographic']
    if v9:
        cmd += ['-cpu', 'rv64,Xcheri_v9=on']
    cmd += ['-kernel', elf]
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, timeout=60)
    except subprocess.TimeoutExpired:
        sys.exit(f'{elf}: QEMU did not finish')
    return p.stdout.decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--qemu', default=os.environ.get('QEMU_CHERI', 'qemu-system-riscv64cheri'))
    ap.add_argument('names', nargs='*')
    args = ap.parse_args()
    names = args.names or PROGRAMS
    here = os.path.dirname(os.path.abspath(__file__))
    edits = []
    for name in names:
        elf = os.path.join(here, name + '.elf')
        v8 = run(args.qemu, elf, False)
        raw = run(args.qemu, elf, True)
        out = []
        for i, line in enumerate(raw.split('\n')):
            m = FAIL.match(line)
            if m:
                check, actual, sail = m.groups()
                if not any(re.match(p, check) for p in SAIL.get(name, [])):
                    sys.exit(f'{name}: undocumented difference on QEMU-v9: {line}')
                line = f'{check} = {sail}'
                edits.append((name, i + 1, check, actual, sail))
            elif re.match(rf'^{name}: \d+ FAILED$', line):
                line = f'{name}: ok'
            out.append(line)
        with open(os.path.join(here, name + '.v8.expected'), 'w') as f:
            f.write(v8)
        with open(os.path.join(here, name + '.v9.expected'), 'w') as f:
            f.write('\n'.join(out))
        print(f'{name}: recorded, {sum(1 for e in edits if e[0] == name)} Sail edits')

    # DIVERGENCES.md: rows of the re-recorded programs are replaced, the others kept.
    path = os.path.join(here, 'DIVERGENCES.md')
    text = open(path).read()
    sep = '|---|---|---|---|---|---|'
    head, rest = text.split(sep, 1)
    body, tail = rest.split('\n\n', 1)
    reasons, kept = {}, []
    for row in body.strip('\n').split('\n'):
        m = ROW.match(row)
        if not m:
            continue
        reasons[m.group(2)] = (m.group(5), m.group(6))
        if m.group(1).split('.v9.expected')[0] not in names:
            kept.append(row)
    rows = []
    for name, line, check, actual, sail in edits:
        if check not in reasons:
            sys.exit(f'DIVERGENCES.md: no reason recorded for `{check}` ({name})')
        sec, why = reasons[check]
        rows.append(f'| {name}.v9.expected:{line} | `{check}` | {actual} | {sail} | {sec} | {why} |')
    order = {n: i for i, n in enumerate(PROGRAMS)}
    allrows = sorted(kept + rows, key=lambda r: (order.get(r[2:].split('.v9')[0], 99),
                                                   int(r.split('.v9.expected:')[1].split(' ')[0])))
    with open(path, 'w') as f:
        f.write(head + sep + '\n' + '\n'.join(allrows) + '\n\n' + tail)
    print(f'DIVERGENCES.md: {len(allrows)} rows')


if __name__ == '__main__':
    main()
