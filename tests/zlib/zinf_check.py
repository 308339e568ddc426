#!/usr/bin/env python3
# Usage: zinf_check.py ZLIB_TRANSCRIPT OURS_TRANSCRIPT
# Holds zinf_fast's transcript in default mode against zlib's, line by line.
# Left of '|' a line must be zlib's; right of it (where the input stands,
# data_type) the drain rule of docs/zlib-dropin.md applies: a call that
# leaves ours different from zlib's must be one that held the input -- nothing
# consumed (ain = ain0, tin = tin0), data_type 0 -- where zlib's data_type is
# only its bit count and last-block flag -- or, in stream mode, one that
# consumed input as total_in says, with data_type 0. (ain0/tin0, where the input stood
# before the call, follow from the calls before.) The return code may differ in one
# case only: a call with no output room, where zlib consumed input (Z_OK) and
# ours, holding it, made no progress (Z_BUF_ERROR). Prints the number of
# calls that held input; exit 1 on the first line that breaks the rule.
import re
import sys

FIELD = re.compile(r'(\w+)=(\S*)')


def parse(line):
    left, _, right = line.partition(' | ')
    return left, dict(FIELD.findall(right))


def stream_window(la, lb, pb):
    """Stream mode's one allowed difference left of '|': the window
    allocated (allocs one more) in a Z_FINISH call that stops inside the
    trailer, where zlib (in its CHECK step) allocates none; the rest of the
    line must be zlib's and the input consumed as total_in says."""
    if pb.get('dt') != '0':
        return False
    if int(pb['ain0']) - int(pb['ain']) != int(pb['tin']) - int(pb['tin0']):
        return False
    m = re.search(r' allocs=(\d+)', la), re.search(r' allocs=(\d+)', lb)
    if not all(m) or int(m[1].group(1)) != int(m[0].group(1)) + 1:
        return False
    return la.replace(m[0].group(0), '') == lb.replace(m[1].group(0), '')


def main():
    zl = open(sys.argv[1]).read().splitlines()
    us = open(sys.argv[2]).read().splitlines()
    if len(zl) != len(us):
        print(f"zinf_check: {len(zl)} lines from zlib, {len(us)} from ours")
    held = 0
    streams = 0
    for n, (a, b) in enumerate(zip(zl, us), 1):
        if a == b:
            continue
        la, pa = parse(a)
        lb, pb = parse(b)
        why = None
        if not pa or not pb:
            why = "differs"
        elif la != lb and stream_window(la, lb, pb):
            streams += 1
            continue
        elif la != lb:
            ra, rb = la.split(' ret=')[1].split()[0], lb.split(' ret=')[1].split()[0]
            if (la.replace(' ret=' + ra, ' ret=' + rb) != lb or
                    not (ra == '0' and rb == '-5' and pb['aout0'] == '0' and
                         int(pa['ain']) < int(pa['ain0']))):
                why = "differs left of '|'"
        after = ('ain', 'tin', 'dt')
        if why is None and pa and pb and any(pa[k] != pb[k] for k in after):
            drained = pb['ain'] == pb['ain0'] and pb['tin'] == pb['tin0']
            # stream mode: input consumed where the session stands, as
            # much as total_in says
            streamed = (int(pb['ain0']) - int(pb['ain']) == int(pb['tin']) - int(pb['tin0']))
            if not ((drained or streamed) and pb['dt'] == '0'):
                why = "ours consumed input or moved data_type without matching zlib"
            elif not 0 <= int(pa['dt']) < 128:
                why = "zlib's data_type says more than bits and last block"
            elif drained:
                held += 1
            else:
                streams += 1
        if why:
            print(f"zinf_check: line {n}: {why}\n- zlib: {a}\n+ ours: {b}")
            return 1
    if len(zl) != len(us):
        return 1
    print(f"held {held} streamed {streams}")
    return 0


sys.exit(main())
