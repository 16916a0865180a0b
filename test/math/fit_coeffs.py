#!/usr/bin/env python3
"""Derives the polynomial coefficients and reduction constants of include/resin/math/.

Weighted Remez exchange (relative error) in mpmath; float coefficient sets are
rounded one at a time, lowest power first, re-fitting the remaining ones after
each rounding so the rounding error of a low coefficient is absorbed by the rest.
Run: python3 test/math/fit_coeffs.py   (needs mpmath; prints C++ literals)
"""
import struct
from mpmath import mp, mpf, matrix, lu_solve, cos, pi, sin, tan, sqrt, log, expm1, atanh, ldexp, floor

mp.dps = 50


def remez(f, w, a, b, pows, iters=14, grid=1201):
    """Minimise max |w(t) (f(t) - sum c_j t^pows[j])| on [a, b]."""
    n = len(pows)
    a, b = mpf(a), mpf(b)
    xs = [(a + b) / 2 - (b - a) / 2 * cos(pi * (i + mpf(0.5)) / (n + 1)) for i in range(n + 1)]
    pts = [a + (b - a) * i / grid for i in range(grid + 1)]
    for _ in range(iters):
        A = matrix(n + 1, n + 1)
        rhs = matrix(n + 1, 1)
        for i, x in enumerate(xs):
            for j, p in enumerate(pows):
                A[i, j] = x**p
            A[i, n] = (-1) ** i / w(x)
            rhs[i] = f(x)
        sol = lu_solve(A, rhs)
        c = [sol[j] for j in range(n)]
        es = [w(t) * (f(t) - sum(cj * t**p for cj, p in zip(c, pows))) for t in pts]
        sel = []
        for i in range(len(es)):
            left = abs(es[i - 1]) if i > 0 else -1
            right = abs(es[i + 1]) if i + 1 < len(es) else -1
            if abs(es[i]) < left or abs(es[i]) < right:
                continue
            if sel and (es[i] > 0) == (es[sel[-1]] > 0):
                if abs(es[i]) > abs(es[sel[-1]]):
                    sel[-1] = i
            else:
                sel.append(i)
        while len(sel) > n + 1:
            sel.pop(0 if abs(es[sel[0]]) < abs(es[sel[-1]]) else -1)
        if len(sel) < n + 1:
            break
        xs = [pts[i] for i in sel]
    return c, max(abs(e) for e in es)


def f32(v):
    return struct.unpack('f', struct.pack('f', float(v)))[0]


def fit(name, f, w, a, b, n, single):
    """Fit c_0..c_{n-1}; single: round to float one coefficient at a time."""
    fixed = []
    while True:
        g = lambda t: f(t) - sum(v * t**p for p, v in fixed)
        pows = list(range(len(fixed), n))
        c, err = remez(g, w, a, b, pows)
        if not single or len(pows) == 1:
            break
        fixed.append((len(fixed), mpf(f32(c[0]))))
    coeffs = [v for _, v in fixed] + list(c)
    if single:
        coeffs = [f32(v) for v in coeffs]
        lits = ['%.9gf' % v for v in coeffs]
    else:
        lits = [repr(float(v)) for v in coeffs]
    print('// %s: max weighted error 2^%.1f' % (name, float(log(err, 2))))
    print('  ' + ', '.join(lits))


def split_down(v, bits, parts):
    """Float parts of v, all of v's sign: the first parts-1 have `bits`
    significant bits and are rounded toward zero, the last to nearest."""
    out = []
    for _ in range(parts - 1):
        e = int(floor(log(abs(v), 2)))
        hi = ldexp(floor(ldexp(v, bits - 1 - e)), e - bits + 1)
        out.append(hi)
        v -= hi
    out.append(mpf(f32(v)))
    return ', '.join('%.9gf' % f32(x) for x in out) + '  (rest %.2g)' % float(v - out[-1])


def split(v, bits, parts, single):
    """Cody-Waite parts: the first parts-1 have `bits` significant bits."""
    out = []
    for _ in range(parts - 1):
        e = int(floor(log(abs(v), 2)))
        q = floor(ldexp(v, bits - 1 - e) + mpf(0.5))
        hi = ldexp(q, e - bits + 1)
        out.append(hi)
        v -= hi
    out.append(mpf(f32(v)) if single else mpf(float(v)))
    fmt = (lambda x: '%.9gf' % f32(x)) if single else (lambda x: repr(float(x)))
    return ', '.join(fmt(x) for x in out)


if __name__ == '__main__':
    tiny = mpf('1e-20')
    fsin = lambda z: (sin(sqrt(z)) - sqrt(z)) / (z * sqrt(z))  # sin r = r + r z P(z)
    wsin = lambda z: z * sqrt(z) / sin(sqrt(z))
    fcos = lambda z: (cos(sqrt(z)) - 1 + z / 2) / z**2  # cos r = 1 - z/2 + z^2 P(z)
    wcos = lambda z: z**2 / cos(sqrt(z))
    ftan = lambda z: (tan(sqrt(z)) - sqrt(z)) / (z * sqrt(z))  # tan r = r + r z P(z)
    wtan = lambda z: z * sqrt(z) / tan(sqrt(z))
    fem1 = lambda r: (expm1(r) - r) / r**2  # expm1 r = r + r^2 P(r)
    wem1 = lambda r: r**2 / expm1(r)
    fln = lambda z: (2 * atanh(sqrt(z)) - 2 * sqrt(z)) / (z * sqrt(z))  # 2 atanh s = 2s + s z P(z)
    wln = lambda z: z * sqrt(z) / (2 * atanh(sqrt(z)))
    half = (pi / 2 + mpf('0.002')) ** 2
    quarter = (pi / 4 + mpf('0.002')) ** 2
    E = mpf('0.3467')
    S2 = ((sqrt(2) - 1) / (sqrt(2) + 1)) ** 2 * mpf('1.0001')
    quarterF = (pi / 4 + mpf('0.006')) ** 2  # q from a float 2/pi: r a bit past pi/4
    fit('sin on |r|<=pi/2, float (fast sin/cos)', fsin, wsin, tiny, half, 4, True)
    fit('sin on |r|<=pi/4, float (precise sin/cos)', fsin, wsin, tiny, quarterF, 3, True)
    fit('cos on |r|<=pi/4, float (precise sin/cos)', fcos, wcos, tiny, quarterF, 3, True)
    fit('sin on |r|<=pi/4, double', fsin, wsin, tiny, quarter, 5, False)
    fit('cos on |r|<=pi/4, double', fcos, wcos, tiny, quarter, 4, False)
    fit('tan on |r|<=pi/4, float', ftan, wtan, tiny, quarter, 7, True)
    fit('expm1 on |r|<=ln2/2, double', fem1, wem1, -E, E * mpf('1.0001'), 8, False)
    fit('expm1 on |r|<=ln2/2, float', fem1, wem1, -E, E * mpf('1.0001'), 6, True)
    fit('ln via atanh, s^2<=0.0295, double (precise)', fln, wln, tiny, S2, 6, False)
    fit('ln via atanh, s^2<=0.0295, double (pow fast)', fln, wln, tiny, S2, 4, False)
    fit('ln via atanh, s^2<=0.0295, float', fln, wln, tiny, S2, 3, True)
    print('// pi/2 double, 37-bit parts:', split(pi / 2, 37, 3, False))
    print('// pi/2 float, 24-bit parts rounded down:', split_down(pi / 2, 24, 3))
    print('// pi float, 24-bit parts rounded down:', split_down(pi, 24, 3))
    print('// ln2 double, 44-bit hi:', split(log(2), 44, 2, False))
    print('// ln2 float, 16-bit hi:', split(log(2), 16, 2, True))
