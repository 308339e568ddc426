# Runs CPython test modules with unittest and prints one summary line:
#   "<modules> run=N fail=N error=N skip=N libz=<files mapped>"
# zlib_python.sh compares it with and without libwd_zlib preloaded.
import sys
import unittest

names = ["test." + m for m in sys.argv[1:]]
suite = unittest.defaultTestLoader.loadTestsFromNames(names)
res = unittest.TextTestRunner(stream=open("/dev/null", "w"), verbosity=0).run(suite)
for what, items in (("FAIL", res.failures), ("ERROR", res.errors)):
    for test, trace in items:
        sys.stderr.write("%s %s\n%s\n" % (what, test, trace))
with open("/proc/self/maps") as f:
    libs = sorted({l.split()[-1] for l in f if "libz.so" in l or "libwd_zlib" in l})
print("%s run=%d fail=%d error=%d skip=%d libz=%s" % (
    ",".join(sys.argv[1:]), res.testsRun, len(res.failures), len(res.errors),
    len(res.skipped), ",".join(libs)))
