# Runs CPython test modules with unittest. Prints, on stdout, one line per
# test that did not simply pass ("FAIL <id>", "ERROR <id>", "SKIP <id>",
# "XFAIL <id>", "XPASS <id>"), sorted, then one summary line:
#   "<modules> run=N fail=N error=N skip=N libz=<files mapped>"
# and the tracebacks and skip reasons on stderr. zlib_python.sh compares
# the outcome lines test by test with and without libwd_zlib preloaded:
# equal counts alone could hide one test failing and another passing.
import sys
import unittest

names = ["test." + m for m in sys.argv[1:]]
suite = unittest.defaultTestLoader.loadTestsFromNames(names)
res = unittest.TextTestRunner(stream=open("/dev/null", "w"), verbosity=0).run(suite)
lines = []
for what, items in (("FAIL", res.failures), ("ERROR", res.errors),
                    ("XFAIL", res.expectedFailures)):
    for test, trace in items:
        lines.append("%s %s" % (what, test.id()))
        sys.stderr.write("%s %s\n%s\n" % (what, test.id(), trace))
for test, reason in res.skipped:
    lines.append("SKIP %s" % test.id())
    sys.stderr.write("SKIP %s: %s\n" % (test.id(), reason))
for test in res.unexpectedSuccesses:
    lines.append("XPASS %s" % test.id())
for l in sorted(lines):
    print(l)
with open("/proc/self/maps") as f:
    libs = sorted({l.split()[-1] for l in f if "libz.so" in l or "libwd_zlib" in l})
print("%s run=%d fail=%d error=%d skip=%d libz=%s" % (
    ",".join(sys.argv[1:]), res.testsRun, len(res.failures), len(res.errors),
    len(res.skipped), ",".join(libs)))
