"""Dense accuracy sweep of ActivationKernel against a 50-digit mpmath reference, with PyTorch's
CPU float64 formulas measured beside it.

For every function (at its default alpha and one other where it has one) the sweep takes
POINTS inputs: a quarter random bit patterns (all finite doubles), a quarter of magnitudes
spread evenly in log scale from 1e-320 to 1e3 with both signs, and half spread evenly over the
ranges where the function is delicate. It reports the largest error in ulps of the exact value,
and where it occurs, for the value and the derivative, for the kernel and for PyTorch's formulas
(reproduced in Python with C libm's erf/exp/expm1/log1p/tanh, as PyTorch's scalar CPU code
evaluates them; torch itself is not needed). It also writes the unit tests' reference table:
a sample of the points of each function plus its worst ones, with 50-digit values rounded to
the nearest double. With --root-series it prints the kernel's Taylor series about the zeros
of gelu' and silu' instead.

Run from the repository root (about 10 minutes on one core):

    mvn -B -ntp -o -q -pl transformers test-compile
    python3 -m venv /tmp/sweep-venv && /tmp/sweep-venv/bin/pip install mpmath gmpy2 numpy
    nice -n 19 /tmp/sweep-venv/bin/python \\
        transformers/src/test/resources/reference/accuracy_sweep.py \\
        --md transformers/src/test/resources/reference/accuracy-sweep.md \\
        --table transformers/src/test/resources/reference/kernel-reference.csv.gz

The kernel's values come from the compiled classes (KernelSweepDump, test scope): found under
transformers/target/**/classes and test-classes (both build layouts, target/ and
target/spark-<version>/), or given with --classes DIR --test-classes DIR.
"""
import argparse
import glob
import gzip
import math
import os
import subprocess
import sys
import tempfile
import time

import mpmath as mp
import numpy as np

mp.mp.dps = 50
SELU_ALPHA = mp.mpf("1.6732632423543772848170429916717")
SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")
SQRT2 = mp.sqrt(2)
SQRT2PI = mp.sqrt(2 * mp.pi)
HERE = os.path.dirname(os.path.abspath(__file__))
TINY = mp.mpf(2) ** -960
MIN_NORMAL = mp.mpf(2) ** -1022
OVERFLOW = mp.ldexp(2 ** 54 - 1, 1024 - 54)  # from here on the nearest double is infinity
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", "..", ".."))


# ---------------------------------------------------------------- 50-digit references
# Each returns (value, derivative) as mpf, from formulas that do not cancel; beyond the range
# where a double can tell the difference, the limit is given directly (mpmath's erfc and exp
# would otherwise work on enormous arguments).

def sig(x):
    return 1 / (1 + mp.exp(-x))


def ref_gelu(x, a):
    if x > 40:
        return x, mp.mpf(1)
    if x < -40:
        return mp.mpf(0), mp.mpf(0)  # below half the smallest double
    cdf = mp.erfc(-x / SQRT2) / 2
    return x * cdf, cdf + x * mp.exp(-x * x / 2) / SQRT2PI


def ref_silu(x, a):
    if x > 800:
        return x, mp.mpf(1)
    if x < -800:
        return mp.mpf(0), mp.mpf(0)
    e = mp.exp(-x)
    s = 1 / (1 + e)
    return x * s, s * (1 + x * e / (1 + e))


def ref_sigmoid(x, a):
    if abs(x) > 800:
        return (mp.mpf(1) if x > 0 else mp.mpf(0)), mp.mpf(0)
    e = mp.exp(-abs(x))
    return sig(x), e / (1 + e) ** 2


def ref_softplus(x, a):
    if x > 20:
        return x, mp.mpf(1)
    if x < -800:
        return mp.mpf(0), mp.mpf(0)
    return mp.log1p(mp.exp(x)), sig(x)


def ref_tanh(x, a):
    if abs(x) > 400:
        return mp.sign(x), mp.mpf(0)
    return mp.tanh(x), 1 / mp.cosh(x) ** 2


def ref_elu(x, a):
    if x > 0:
        return x, mp.mpf(1)
    if x < -800:
        return -a, mp.mpf(0)
    return a * mp.expm1(x), a * mp.exp(x)


def ref_selu(x, a):
    if x > 0:
        return SELU_SCALE * x, SELU_SCALE
    if x < -800:
        return -SELU_SCALE * SELU_ALPHA, mp.mpf(0)
    return SELU_SCALE * SELU_ALPHA * mp.expm1(x), SELU_SCALE * SELU_ALPHA * mp.exp(x)


def ref_celu(x, a):
    if x > 0:
        return x, mp.mpf(1)
    if x / a < -800:
        return -a, mp.mpf(0)
    return a * mp.expm1(x / a), mp.exp(x / a)


def ref_leaky_relu(x, a):
    return (x if x > 0 else a * x), (mp.mpf(1) if x > 0 else a)


def ref_relu(x, a):
    return (x if x > 0 else mp.mpf(0)), mp.mpf(1 if x > 0 else 0)


def ref_relu6(x, a):
    return min(max(x, mp.mpf(0)), mp.mpf(6)), mp.mpf(1 if 0 < x < 6 else 0)


# ---------------------------------------------------------------- PyTorch's formulas
# aten/src/ATen/native/cpu/Activation.cpp, UnaryOpsKernel.cpp, BinaryOpsKernel.cpp (float64,
# scalar path): value and autograd derivative (grad_output = 1).
M_SQRT1_2 = 0.70710678118654752440
M_2_SQRTPI = 1.12837916709551257390
GELU_K_ALPHA = M_2_SQRTPI * M_SQRT1_2 * 0.5


def pt_gelu(x, a):
    cdf = 0.5 * (1 + math.erf(x * M_SQRT1_2))
    pdf = GELU_K_ALPHA * math.exp(x * x * -0.5)
    return x * 0.5 * (1 + math.erf(x * M_SQRT1_2)), cdf + x * pdf


def pt_exp(x):
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def pt_silu(x, a):
    s = 1 / (1 + pt_exp(-x))
    return x / (1 + pt_exp(-x)), s * (1 + x * (1 - s))


def pt_sigmoid(x, a):
    y = 1 / (1 + pt_exp(-x))
    return y, (1 - y) * y


def pt_softplus(x, a):
    if x > 20:
        return x, 1.0
    z = pt_exp(x)
    return math.log1p(z), z / (z + 1)


def pt_tanh(x, a):
    y = math.tanh(x)
    return y, 1 - y * y


def pt_elu_family(x, negcoef, poscoef, negiptcoef):
    if x <= 0:
        return math.expm1(x * negiptcoef) * negcoef, negiptcoef * negcoef * math.exp(x * negiptcoef)
    return x * poscoef, poscoef


def pt_elu(x, a):
    return pt_elu_family(x, a * 1.0, 1.0, 1.0)


def pt_selu(x, a):
    alpha, scale = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
    return pt_elu_family(x, alpha * scale, scale, 1.0)


def pt_celu(x, a):
    return pt_elu_family(x, a * 1.0, 1.0, 1.0 / a)


def pt_leaky_relu(x, a):
    return (x if x > 0 else x * a), (1.0 if x > 0 else a)


def pt_relu(x, a):
    return (x if x > 0 else 0.0), (1.0 if x > 0 else 0.0)


def pt_relu6(x, a):
    return min(max(x, 0.0), 6.0), (1.0 if 0 < x < 6 else 0.0)


# ---------------------------------------------------------------- kernel constants
# gelu' and silu' cross zero; near there their two terms cancel, and the kernel sums a Taylor
# series about the zero instead. --root-series prints the zeros (as two doubles) and the
# coefficients, to as many terms as keep the rest below 2^-60 of the first over the window.
ROOT_SERIES = [("GELU", lambda x: mp.ncdf(x) + x * mp.npdf(x), -0.75, 0.5),
               ("SILU", lambda x: sig(x) * (1 + x * sig(-x)), -1.28, 0.5)]


def root_series():
    with mp.workdps(60):
        for name, f, guess, width in ROOT_SERIES:
            r = mp.findroot(f, guess)
            c = mp.taylor(f, r, 45)
            n = next(k for k in range(2, 40)
                     if all(abs(c[j]) * width ** (j - 1) < 2 ** -60 * abs(c[1]) for j in range(k + 1, 46)))
            hi = float(r)
            print("  private static final double %s_D_ZERO = %r;" % (name, hi))
            print("  private static final double %s_D_ZERO_LO = %r;" % (name, float(r - hi)))
            print("  private static final double %s_D_ZERO_WIDTH = %r;" % (name, width))
            print("  private static final double[] %s_D_SERIES = {" % name)
            print("\n".join("      %r," % float(c[k]) for k in range(1, n + 1)))
            print("  };")


# ---------------------------------------------------------------- what is swept
EXP_UNDERFLOW = [(-760, -700), (-46, -34)]
# name, alpha (None: no alpha), reference, PyTorch formula, delicate ranges, roots of f'
CASES = [
    ("gelu", None, ref_gelu, pt_gelu,
     [(-2.2, -1.8), (-39, -36), (-1.9, -1.65), (-1.3, -1.1), (-0.8, -0.7), (-10, 10), (1.1, 1.3),
      (1.65, 1.9), (-4.2, -3.9), (3.9, 4.2), (8, 9), (-0.01, 0.01), (-8, -2)], [-0.75179160254]),
    ("silu", None, ref_silu, pt_silu,
     EXP_UNDERFLOW + [(-1.4, -1.15), (-10, 10), (-40, 40), (30, 40)], [-1.27846454276]),
    ("sigmoid", None, ref_sigmoid, pt_sigmoid,
     EXP_UNDERFLOW + [(-10, 10), (-40, 40), (30, 40), (700, 760)], []),
    ("softplus", None, ref_softplus, pt_softplus,
     [(19.5, 20.5), (19.99, 20.01), (-760, -700), (-40, 40), (-1e-5, 1e-5)], []),
    ("tanh", None, ref_tanh, pt_tanh,
     [(-1, 1), (-25, 25), (15, 25), (340, 380), (-380, -340), (-1e-3, 1e-3)], []),
    ("elu", 1.0, ref_elu, pt_elu, [(-1e-3, 1e-3), (-1, 0), (-40, 0), (-760, -700), (-40, 5)], []),
    ("elu", 0.5, ref_elu, pt_elu, [(-1e-3, 1e-3), (-1, 0), (-40, 0), (-760, -700), (-40, 5)], []),
    ("selu", None, ref_selu, pt_selu, [(-1e-3, 1e-3), (-1, 0), (-40, 0), (-760, -700), (-40, 5)], []),
    ("celu", 1.0, ref_celu, pt_celu, [(-1e-3, 1e-3), (-1, 0), (-40, 0), (-760, -700), (-40, 5)], []),
    ("celu", 2.0, ref_celu, pt_celu, [(-2e-3, 2e-3), (-2, 0), (-80, 0), (-1500, -1400), (-80, 5)], []),
    ("leaky_relu", 0.01, ref_leaky_relu, pt_leaky_relu, [(-10, 10), (-1e-300, 1e-300)], []),
    ("leaky_relu", 0.2, ref_leaky_relu, pt_leaky_relu, [(-10, 10), (-1e-300, 1e-300)], []),
    ("relu", None, ref_relu, pt_relu, [(-10, 10)], []),
    ("relu6", None, ref_relu6, pt_relu6, [(-1, 7), (5.9, 6.1)], []),
]


# Hand-picked inputs every unit-test table row set also gets (the kinks, thresholds, extremes).
FIXED = [-1e300, -800, -40, -38, -30, -20, -10, -6, -3, -1.5, -1, -0.75, -0.5, -0.1, -1e-3, -1e-8,
         -1e-10, -1e-300, 1e-300, 1e-10, 1e-3, 0.1, 0.5, 0.75, 1, 1.5, 2.5, 3, 5, 5.999, 6, 6.5, 10,
         19.5, 20, 20.5, 30, 1e300]


def points(rng, n, ranges):
    q = n // 4
    bits = rng.integers(0, 2 ** 64, size=2 * q, dtype=np.uint64).view(np.float64)
    bits = bits[np.isfinite(bits)][:q]
    mags = 10.0 ** rng.uniform(-320, 3, size=q) * rng.choice([-1.0, 1.0], size=q)
    rest = n - len(bits) - q
    per = [rest // len(ranges)] * len(ranges)
    per[0] += rest - sum(per)
    spread = [rng.uniform(lo, hi, size=k) for (lo, hi), k in zip(ranges, per)]
    xs = np.concatenate([bits, mags] + spread)
    return xs[np.isfinite(xs)]


def split(r):
    """50-digit r as hi + lo (scaled by 2^200 below 2^-960 so that lo keeps its digits)."""
    if r == 0:
        return 0.0, 0.0, 0
    if abs(r) >= OVERFLOW:
        return math.copysign(math.inf, r), 0.0, 0
    sc = 0
    if abs(r) < TINY:
        sc = 200
        r = mp.ldexp(r, 200)
    hi = float(r)
    return hi, float(r - hi), sc


def nearest(r):
    """The double nearest r, subnormals included."""
    if abs(r) >= OVERFLOW:
        return math.copysign(math.inf, r)
    if abs(r) < MIN_NORMAL:
        return float(mp.nint(mp.ldexp(r, 1074))) * 2.0 ** -1074
    return float(r)


def java(v):
    """repr, spelt as Double.parseDouble reads it."""
    return {math.inf: "Infinity", -math.inf: "-Infinity"}.get(v, repr(v))


def ulp_errors(values, hi, lo, sc):
    """|values - exact| in ulps of the exact value (ulp 2^-1074 in the subnormal range)."""
    v = np.ldexp(values, sc)
    with np.errstate(all="ignore"):
        diff = np.abs((v - hi) - lo)
        m, e = np.frexp(np.abs(hi))
        ex = e - 1 - sc
        # hi may have rounded up to a power of two: the exact value is in the binade below.
        below = (m == 0.5) & (np.sign(lo) == -np.sign(hi)) & (lo != 0)
        ex = np.where(below, ex - 1, ex)
        ex = np.where(hi == 0, -1022, np.maximum(ex, -1022))
        u = np.ldexp(1.0, (ex - 52 + sc).astype(np.int64))
        err = diff / u
    same = (values == np.ldexp(hi, -sc)) & (lo == 0)  # also equal infinities
    return np.where(same, 0.0, np.where(np.isnan(err), np.inf, err))


def find_classes(args):
    if args.classes and args.test_classes:
        return args.classes, args.test_classes
    found = []
    for tc in sorted(glob.glob(os.path.join(ROOT, "transformers", "target", "**", "test-classes"), recursive=True)):
        c = os.path.join(os.path.dirname(tc), "classes")
        dump = os.path.join(tc, "sparkactivations", "transformers", "KernelSweepDump.class")
        if os.path.isdir(c) and os.path.exists(dump):
            found.append((os.path.getmtime(dump), c, tc))
    if not found:
        sys.exit("no compiled KernelSweepDump under transformers/target: run "
                 "mvn -B -ntp -pl transformers test-compile, or pass --classes and --test-classes")
    _, c, tc = max(found)
    return c, tc


def label(name, alpha):
    return name if alpha is None else "%s (alpha %s)" % (name, alpha)


def fmt(err, x):
    if err == 0:
        return "0 (exact)"
    if not np.isfinite(err):
        return "wrong (NaN or inf) at %r" % float(x)
    return ("%.2f at %r" if err < 100 else "%.2g at %r") % (err, float(x))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--classes")
    ap.add_argument("--test-classes")
    ap.add_argument("--md", help="write the result table here (markdown)")
    ap.add_argument("--table", help="write the unit tests' reference table here (csv.gz)")
    ap.add_argument("--table-sample", type=int, default=2000)
    ap.add_argument("--only", help="comma-separated function names")
    ap.add_argument("--root-series", action="store_true", help="print the kernel's series about the zeros of gelu' and silu'")
    args = ap.parse_args()
    if args.root_series:
        root_series()
        return
    classes, test_classes = find_classes(args)
    rng = np.random.default_rng(11)
    cases = [c for c in CASES if not args.only or c[0] in args.only.split(",")]
    rows = []
    table = []
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        # Points first, then one JVM for all functions.
        inputs = []
        java_args = []
        for i, (name, alpha, _, _, ranges, _) in enumerate(cases):
            xs = points(rng, args.points, ranges)
            pin, pout = os.path.join(tmp, "%d.in" % i), os.path.join(tmp, "%d.out" % i)
            xs.astype(">f8").tofile(pin)
            inputs.append((xs, pout))
            java_args += [pin, pout, name, "NaN" if alpha is None else repr(alpha)]
        subprocess.run(["java", "-cp", classes + os.pathsep + test_classes,
                        "sparkactivations.transformers.KernelSweepDump"] + java_args, check=True)
        for (name, alpha, ref, pt, _, roots), (xs, pout) in zip(cases, inputs):
            t0 = time.time()
            ours = np.fromfile(pout, dtype=">f8").astype(np.float64).reshape(-1, 2)
            am = mp.mpf(alpha) if alpha is not None else None
            n = len(xs)
            hv, lv, sv = np.empty(n), np.empty(n), np.empty(n, dtype=np.int64)
            hd, ld, sd = np.empty(n), np.empty(n), np.empty(n, dtype=np.int64)
            torch = np.empty((n, 2))
            for i, x in enumerate(xs.tolist()):
                v, d = ref(mp.mpf(x), am)
                hv[i], lv[i], sv[i] = split(v)
                hd[i], ld[i], sd[i] = split(d)
                torch[i] = pt(x, alpha)
            ev, ed = ulp_errors(ours[:, 0], hv, lv, sv), ulp_errors(ours[:, 1], hd, ld, sd)
            tv, td = ulp_errors(torch[:, 0], hv, lv, sv), ulp_errors(torch[:, 1], hd, ld, sd)
            # Where f' crosses zero, the ulps of a formula whose terms cancel grow without bound;
            # the absolute error within 1e-3 of the zero is reported beside them.
            near = np.zeros(n, dtype=bool)
            for r in roots:
                near |= np.abs(xs - r) < 1e-3
            exact_d = np.ldexp(hd, -sd) + np.ldexp(ld, -sd)
            row = {"name": label(name, alpha), "n": n}
            for key, e, vals, mask in (("v", ev, ours[:, 0], None), ("d", ed, ours[:, 1], near),
                                       ("tv", tv, torch[:, 0], None), ("td", td, torch[:, 1], near)):
                k = int(np.argmax(e))
                row[key] = (e[k], xs[k])
                if mask is not None and roots:
                    absd = np.where(mask, np.abs(vals - exact_d), 0.0)
                    k = int(np.argmax(absd))
                    row[key + "_root"] = (absd[k], xs[k])
            # Beside PyTorch: the largest relative difference where its formula is within 4 ulps.
            for key, e, a, b in (("rv", tv, ours[:, 0], torch[:, 0]), ("rd", td, ours[:, 1], torch[:, 1])):
                with np.errstate(all="ignore"):
                    exact = np.abs(np.ldexp(hv if key == "rv" else hd, -(sv if key == "rv" else sd)))
                    # (normal range only: between subnormals, relative differences mean nothing)
                    rel = np.where((e <= 4) & (exact >= 2.0 ** -1022) & (a != b), np.abs(a - b) / exact, 0.0)
                row[key] = float(np.max(rel))
            rows.append(row)
            print("%-24s %8d pts %6.0f s  value %s  derivative %s  | PyTorch value %s  derivative %s"
                  % (row["name"], n, time.time() - t0, fmt(*row["v"]), fmt(*row["d"]), fmt(*row["tv"]),
                     fmt(*row["td"])), flush=True)
            if args.table:
                pick = set(rng.choice(n, size=min(args.table_sample, n), replace=False).tolist())
                for e in (ev, ed):
                    pick.update(np.argsort(-e, kind="stable")[:50].tolist())
                chosen = sorted(set(float(xs[i]) for i in pick) | set(float(x) for x in FIXED))
                for x in chosen:
                    v, d = ref(mp.mpf(x), am)
                    table.append("%s,%s,%s,%s,%s" % (name, "NaN" if alpha is None else repr(alpha), java(x),
                                                     java(nearest(v)), java(nearest(d))))
    elapsed = time.time() - started
    out = render(rows, args.points, elapsed)
    print(out)
    if args.md:
        with open(args.md, "w") as f:
            f.write(out)
    if args.table:
        with gzip.GzipFile(args.table, "wb", mtime=0) as f:
            f.write(("# function,alpha,x,value,derivative: 50-digit mpmath %s, rounded to nearest; "
                     "written by accuracy_sweep.py\n" % mp.__version__).encode())
            f.write(("\n".join(table) + "\n").encode())


def render(rows, points, elapsed):
    lines = [
        "# Accuracy sweep of ActivationKernel",
        "",
        "Written by `accuracy_sweep.py` (mpmath %s at 50 digits, %s points per row, %.0f s). "
        "Largest error in ulps of the exact value (2^-1074 in the subnormal range), and the "
        "input where it occurs; \"PyTorch\" is PyTorch's float64 CPU formula evaluated with "
        "C libm. gelu' and silu' cross zero (near -0.7518 and -1.2785), where PyTorch's "
        "formulas cancel without bound in ulps; the notes give the largest absolute error "
        "within 1e-3 of those zeros." % (mp.__version__, format(points, ","), elapsed),
        "",
        "| function | value, ulps | derivative, ulps | PyTorch value, ulps | PyTorch derivative, ulps "
        "| largest relative difference from PyTorch where it is within 4 ulps (value / derivative) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    notes = []
    for r in rows:
        lines.append("| %s | %s | %s | %s | %s | %.2g / %.2g |" % (
            r["name"], fmt(*r["v"]), fmt(*r["d"]), fmt(*r["tv"]), fmt(*r["td"]), r["rv"], r["rd"]))
        if "d_root" in r:
            notes.append("- %s, derivative within 1e-3 of its zero: largest absolute error %.3g at %r "
                         "(PyTorch: %.3g at %r)." % (r["name"], r["d_root"][0], float(r["d_root"][1]),
                                                     r["td_root"][0], float(r["td_root"][1])))
    return "\n".join(lines + [""] + notes) + "\n"


if __name__ == "__main__":
    main()
