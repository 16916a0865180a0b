// An independent oracle for resin's FieldExpr: its `eval` and the noise it
// calls, transcribed operation by operation from resin's Rust source
// (rhi-zone/unshape: crates/unshape-expr-field/src/lib.rs `FieldExpr::eval`,
// crates/unshape-noise/src/lib.rs `Perlin2D/3D`, `Simplex2D/3D`, `Fbm`), in
// Rust, so f32 arithmetic, `%`, `fract`, `clamp`, `min`/`max`, `as i32` and
// libm are Rust's own. It shares no code with resinc. serde is not available
// offline, so `to_json` writes the externally tagged form serde_json writes
// (unit variants as strings, field order as declared, f32 in Rust's shortest
// round-trip text).
//
// Regenerate the corpus (test/resin/corpus/*.json) and expected values
// (test/resin/expected.txt) from the repository root with:
//   rustc -O --edition 2021 test/resin/oracle.rs -o /tmp/fieldexpr-oracle
//   /tmp/fieldexpr-oracle test/resin
#![allow(dead_code)]
use std::collections::HashMap;
use std::fmt::Write as _;

type B = Box<E>;
#[derive(Clone)]
enum E {
    X, Y, Z, T,
    Constant(f32),
    Var(String),
    Add(B, B), Sub(B, B), Mul(B, B), Div(B, B), Mod(B, B), Pow(B, B),
    Neg(B),
    Perlin2 { x: B, y: B },
    Perlin3 { x: B, y: B, z: B },
    Simplex2 { x: B, y: B },
    Simplex3 { x: B, y: B, z: B },
    Fbm2 { x: B, y: B, octaves: u32 },
    Fbm3 { x: B, y: B, z: B, octaves: u32 },
    Distance2 { x: B, y: B, px: f32, py: f32 },
    Distance3 { x: B, y: B, z: B, px: f32, py: f32, pz: f32 },
    Length2 { x: B, y: B },
    Length3 { x: B, y: B, z: B },
    SdfCircle { x: B, y: B, radius: f32 },
    SdfSphere { x: B, y: B, z: B, radius: f32 },
    SdfBox2 { x: B, y: B, half_width: f32, half_height: f32 },
    SdfBox3 { x: B, y: B, z: B, half_x: f32, half_y: f32, half_z: f32 },
    SdfSmoothUnion { a: B, b: B, k: f32 },
    SdfSmoothIntersection { a: B, b: B, k: f32 },
    SdfSmoothSubtraction { a: B, b: B, k: f32 },
    Sin(B), Cos(B), Tan(B), Abs(B), Floor(B), Ceil(B), Fract(B), Sqrt(B), Exp(B), Ln(B), Sign(B),
    Min(B, B), Max(B, B),
    Clamp { value: B, min: B, max: B },
    Lerp { a: B, b: B, t: B },
    SmoothStep { edge0: B, edge1: B, x: B },
    Step { edge: B, x: B },
    IfThenElse { condition: B, then_expr: B, else_expr: B },
    Gt(B, B), Lt(B, B), Eq(B, B),
}

// ---- noise (unshape-noise) ---------------------------------------------------
const PERM: [u8; 256] = [
    151, 160, 137, 91, 90, 15, 131, 13, 201, 95, 96, 53, 194, 233, 7, 225, 140, 36, 103, 30, 69,
    142, 8, 99, 37, 240, 21, 10, 23, 190, 6, 148, 247, 120, 234, 75, 0, 26, 197, 62, 94, 252, 219,
    203, 117, 35, 11, 32, 57, 177, 33, 88, 237, 149, 56, 87, 174, 20, 125, 136, 171, 168, 68, 175,
    74, 165, 71, 134, 139, 48, 27, 166, 77, 146, 158, 231, 83, 111, 229, 122, 60, 211, 133, 230,
    220, 105, 92, 41, 55, 46, 245, 40, 244, 102, 143, 54, 65, 25, 63, 161, 1, 216, 80, 73, 209, 76,
    132, 187, 208, 89, 18, 169, 200, 196, 135, 130, 116, 188, 159, 86, 164, 100, 109, 198, 173,
    186, 3, 64, 52, 217, 226, 250, 124, 123, 5, 202, 38, 147, 118, 126, 255, 82, 85, 212, 207, 206,
    59, 227, 47, 16, 58, 17, 182, 189, 28, 42, 223, 183, 170, 213, 119, 248, 152, 2, 44, 154, 163,
    70, 221, 153, 101, 155, 167, 43, 172, 9, 129, 22, 39, 253, 19, 98, 108, 110, 79, 113, 224, 232,
    178, 185, 112, 104, 218, 246, 97, 228, 251, 34, 242, 193, 238, 210, 144, 12, 191, 179, 162,
    241, 81, 51, 145, 235, 249, 14, 239, 107, 49, 192, 214, 31, 181, 199, 106, 157, 184, 84, 204,
    176, 115, 121, 50, 45, 127, 4, 150, 254, 138, 236, 205, 93, 222, 114, 67, 29, 24, 72, 243, 141,
    128, 195, 78, 66, 215, 61, 156, 180,
];

// resin's FieldExpr always uses seed 0. i32 sums wrap as in a release build.
fn p(i: i32) -> u8 { PERM[(i & 255) as usize] }
fn hash2(i: i32, j: i32) -> u8 { p((p(i) as i32).wrapping_add(j)) }
fn hash3(i: i32, j: i32, k: i32) -> u8 { p((hash2(i, j) as i32).wrapping_add(k)) }

fn g2(hash: u8, x: f32, y: f32) -> f32 {
    let h = hash & 7;
    let (u, v) = if h < 4 { (x, y) } else { (y, x) };
    let a = if h & 1 != 0 { -u } else { u };
    let b = if h & 2 != 0 { -2.0 * v } else { 2.0 * v };
    a + b
}
fn g3(hash: u8, x: f32, y: f32, z: f32) -> f32 {
    let h = hash & 15;
    let u = if h < 8 { x } else { y };
    let v = match h { 0..=3 => y, 12 | 14 => x, _ => z };
    let a = if h & 1 != 0 { -u } else { u };
    let b = if h & 2 != 0 { -v } else { v };
    a + b
}
fn fade(t: f32) -> f32 { t * t * t * (t * (t * 6.0 - 15.0) + 10.0) }
fn mix(a: f32, b: f32, t: f32) -> f32 { a + t * (b - a) }

fn perlin2(x: f32, y: f32) -> f32 {
    let (fx, fy) = (x.floor(), y.floor());
    let (i, j) = (fx as i32, fy as i32);
    let (dx, dy) = (x - fx, y - fy);
    let i1 = i.wrapping_add(1);
    let j1 = j.wrapping_add(1);
    let a = mix(g2(hash2(i, j), dx, dy), g2(hash2(i1, j), dx - 1.0, dy), fade(dx));
    let b = mix(g2(hash2(i, j1), dx, dy - 1.0), g2(hash2(i1, j1), dx - 1.0, dy - 1.0), fade(dx));
    (mix(a, b, fade(dy)) * 0.5 + 0.5).clamp(0.0, 1.0)
}

fn perlin3(x: f32, y: f32, z: f32) -> f32 {
    let (fx, fy, fz) = (x.floor(), y.floor(), z.floor());
    let (i, j, k) = (fx as i32, fy as i32, fz as i32);
    let (dx, dy, dz) = (x - fx, y - fy, z - fz);
    let (u, v, w) = (fade(dx), fade(dy), fade(dz));
    let c = |a: i32, b: i32, cc: i32| {
        g3(hash3(i.wrapping_add(a), j.wrapping_add(b), k.wrapping_add(cc)),
           dx - a as f32, dy - b as f32, dz - cc as f32)
    };
    let y1 = mix(mix(c(0, 0, 0), c(1, 0, 0), u), mix(c(0, 1, 0), c(1, 1, 0), u), v);
    let y2 = mix(mix(c(0, 0, 1), c(1, 0, 1), u), mix(c(0, 1, 1), c(1, 1, 1), u), v);
    (mix(y1, y2, w) * 0.5 + 0.5).clamp(0.0, 1.0)
}

const SQRT3: f32 = 1.732_050_8;
const F2: f32 = 0.5 * (SQRT3 - 1.0);
const G2: f32 = (3.0 - SQRT3) / 6.0;
const F3: f32 = 1.0 / 3.0;
const G3: f32 = 1.0 / 6.0;

fn falloff(t: f32, g: f32) -> f32 {
    if t >= 0.0 { let q = t * t; q * q * g } else { 0.0 }
}

fn simplex2(x: f32, y: f32) -> f32 {
    let s = (x + y) * F2;
    let i = (x + s).floor() as i32;
    let j = (y + s).floor() as i32;
    let t = i.wrapping_add(j) as f32 * G2;
    let x0 = x - (i as f32 - t);
    let y0 = y - (j as f32 - t);
    let (a, b) = if x0 > y0 { (1, 0) } else { (0, 1) };
    let (x1, y1) = (x0 - a as f32 + G2, y0 - b as f32 + G2);
    let (x2, y2) = (x0 - 1.0 + 2.0 * G2, y0 - 1.0 + 2.0 * G2);
    let n0 = falloff(0.5 - x0 * x0 - y0 * y0, g2(hash2(i, j), x0, y0));
    let n1 = falloff(0.5 - x1 * x1 - y1 * y1,
                     g2(hash2(i.wrapping_add(a), j.wrapping_add(b)), x1, y1));
    let n2 = falloff(0.5 - x2 * x2 - y2 * y2,
                     g2(hash2(i.wrapping_add(1), j.wrapping_add(1)), x2, y2));
    ((70.0 * (n0 + n1 + n2)) * 0.5 + 0.5).clamp(0.0, 1.0)
}

fn simplex3(x: f32, y: f32, z: f32) -> f32 {
    let s = (x + y + z) * F3;
    let i = (x + s).floor() as i32;
    let j = (y + s).floor() as i32;
    let k = (z + s).floor() as i32;
    let t = i.wrapping_add(j).wrapping_add(k) as f32 * G3;
    let x0 = x - (i as f32 - t);
    let y0 = y - (j as f32 - t);
    let z0 = z - (k as f32 - t);
    let r: [i32; 6] = if x0 >= y0 {
        if y0 >= z0 { [1, 0, 0, 1, 1, 0] }
        else if x0 >= z0 { [1, 0, 0, 1, 0, 1] }
        else { [0, 0, 1, 1, 0, 1] }
    } else if y0 < z0 { [0, 0, 1, 0, 1, 1] }
    else if x0 < z0 { [0, 1, 0, 0, 1, 1] }
    else { [0, 1, 0, 1, 1, 0] };
    let corner = |a: i32, b: i32, c: i32, off: f32| {
        let (cx, cy, cz) = (x0 - a as f32 + off, y0 - b as f32 + off, z0 - c as f32 + off);
        falloff(0.6 - cx * cx - cy * cy - cz * cz,
                g3(hash3(i.wrapping_add(a), j.wrapping_add(b), k.wrapping_add(c)), cx, cy, cz))
    };
    let n0 = falloff(0.6 - x0 * x0 - y0 * y0 - z0 * z0, g3(hash3(i, j, k), x0, y0, z0));
    let n1 = corner(r[0], r[1], r[2], G3);
    let n2 = corner(r[3], r[4], r[5], 2.0 * G3);
    let n3 = corner(1, 1, 1, 3.0 * G3);
    ((32.0 * (n0 + n1 + n2 + n3)) * 0.5 + 0.5).clamp(0.0, 1.0)
}

fn fbm(octaves: u32, sample: &dyn Fn(f32) -> f32) -> f32 {
    let (mut value, mut amplitude, mut frequency, mut max_value) = (0.0f32, 1.0f32, 1.0f32, 0.0f32);
    for _ in 0..octaves {
        value += sample(frequency) * amplitude;
        max_value += amplitude;
        amplitude *= 0.5;
        frequency *= 2.0;
    }
    value / max_value
}

// ---- FieldExpr::eval ---------------------------------------------------------
// resin's clamp asserts min <= max; resinc's decision for min > max is the
// two steps without the assertion (docs/reference/field-language.md).
fn clamp_unchecked(v: f32, lo: f32, hi: f32) -> f32 {
    let mut r = v;
    if r < lo { r = lo; }
    if r > hi { r = hi; }
    r
}

fn eval(e: &E, x: f32, y: f32, z: f32, t: f32, vars: &HashMap<String, f32>) -> f32 {
    let ev = |e: &E| eval(e, x, y, z, t, vars);
    match e {
        E::X => x, E::Y => y, E::Z => z, E::T => t,
        E::Constant(v) => *v,
        E::Var(n) => *vars.get(n).unwrap_or(&0.0),
        E::Add(a, b) => ev(a) + ev(b),
        E::Sub(a, b) => ev(a) - ev(b),
        E::Mul(a, b) => ev(a) * ev(b),
        E::Div(a, b) => ev(a) / ev(b),
        E::Mod(a, b) => ev(a) % ev(b),
        E::Pow(a, b) => ev(a).powf(ev(b)),
        E::Neg(a) => -ev(a),
        E::Perlin2 { x: a, y: b } => perlin2(ev(a), ev(b)),
        E::Perlin3 { x: a, y: b, z: c } => perlin3(ev(a), ev(b), ev(c)),
        E::Simplex2 { x: a, y: b } => simplex2(ev(a), ev(b)),
        E::Simplex3 { x: a, y: b, z: c } => simplex3(ev(a), ev(b), ev(c)),
        E::Fbm2 { x: a, y: b, octaves } => {
            let (px, py) = (ev(a), ev(b));
            fbm(*octaves, &|f| perlin2(px * f, py * f))
        }
        E::Fbm3 { x: a, y: b, z: c, octaves } => {
            let (px, py, pz) = (ev(a), ev(b), ev(c));
            fbm(*octaves, &|f| perlin3(px * f, py * f, pz * f))
        }
        E::Distance2 { x: a, y: b, px, py } => {
            let (dx, dy) = (ev(a) - px, ev(b) - py);
            (dx * dx + dy * dy).sqrt()
        }
        E::Distance3 { x: a, y: b, z: c, px, py, pz } => {
            let (dx, dy, dz) = (ev(a) - px, ev(b) - py, ev(c) - pz);
            (dx * dx + dy * dy + dz * dz).sqrt()
        }
        E::Length2 { x: a, y: b } => { let (u, v) = (ev(a), ev(b)); (u * u + v * v).sqrt() }
        E::Length3 { x: a, y: b, z: c } => {
            let (u, v, w) = (ev(a), ev(b), ev(c));
            (u * u + v * v + w * w).sqrt()
        }
        E::SdfCircle { x: a, y: b, radius } => {
            let (u, v) = (ev(a), ev(b));
            (u * u + v * v).sqrt() - radius
        }
        E::SdfSphere { x: a, y: b, z: c, radius } => {
            let (u, v, w) = (ev(a), ev(b), ev(c));
            (u * u + v * v + w * w).sqrt() - radius
        }
        E::SdfBox2 { x: a, y: b, half_width, half_height } => {
            let dx = ev(a).abs() - half_width;
            let dy = ev(b).abs() - half_height;
            let (mx, my) = (dx.max(0.0), dy.max(0.0));
            (mx * mx + my * my).sqrt() + dx.max(dy).min(0.0)
        }
        E::SdfBox3 { x: a, y: b, z: c, half_x, half_y, half_z } => {
            let dx = ev(a).abs() - half_x;
            let dy = ev(b).abs() - half_y;
            let dz = ev(c).abs() - half_z;
            let (mx, my, mz) = (dx.max(0.0), dy.max(0.0), dz.max(0.0));
            (mx * mx + my * my + mz * mz).sqrt() + dx.max(dy).max(dz).min(0.0)
        }
        E::SdfSmoothUnion { a, b, k } => {
            let (d1, d2) = (ev(a), ev(b));
            let h = (0.5 + 0.5 * (d2 - d1) / k).clamp(0.0, 1.0);
            d2 * (1.0 - h) + d1 * h - k * h * (1.0 - h)
        }
        E::SdfSmoothIntersection { a, b, k } => {
            let (d1, d2) = (ev(a), ev(b));
            let h = (0.5 - 0.5 * (d2 - d1) / k).clamp(0.0, 1.0);
            d2 * (1.0 - h) + d1 * h + k * h * (1.0 - h)
        }
        E::SdfSmoothSubtraction { a, b, k } => {
            let (d1, d2) = (ev(a), ev(b));
            let h = (0.5 - 0.5 * (d2 + d1) / k).clamp(0.0, 1.0);
            -d1 * (1.0 - h) + d2 * h + k * h * (1.0 - h)
        }
        E::Sin(a) => ev(a).sin(), E::Cos(a) => ev(a).cos(), E::Tan(a) => ev(a).tan(),
        E::Abs(a) => ev(a).abs(), E::Floor(a) => ev(a).floor(), E::Ceil(a) => ev(a).ceil(),
        E::Fract(a) => ev(a).fract(), E::Sqrt(a) => ev(a).sqrt(),
        E::Exp(a) => ev(a).exp(), E::Ln(a) => ev(a).ln(),
        E::Sign(a) => { let v = ev(a); if v > 0.0 { 1.0 } else if v < 0.0 { -1.0 } else { 0.0 } }
        E::Min(a, b) => ev(a).min(ev(b)),
        E::Max(a, b) => ev(a).max(ev(b)),
        E::Clamp { value, min, max } => clamp_unchecked(ev(value), ev(min), ev(max)),
        E::Lerp { a, b, t: c } => { let (va, vb, vt) = (ev(a), ev(b), ev(c)); va + (vb - va) * vt }
        E::SmoothStep { edge0, edge1, x: a } => {
            let (e0, e1, v) = (ev(edge0), ev(edge1), ev(a));
            let q = ((v - e0) / (e1 - e0)).clamp(0.0, 1.0);
            q * q * (3.0 - 2.0 * q)
        }
        E::Step { edge, x: a } => { let (e, v) = (ev(edge), ev(a)); if v < e { 0.0 } else { 1.0 } }
        E::IfThenElse { condition, then_expr, else_expr } => {
            if ev(condition) > 0.5 { ev(then_expr) } else { ev(else_expr) }
        }
        E::Gt(a, b) => if ev(a) > ev(b) { 1.0 } else { 0.0 },
        E::Lt(a, b) => if ev(a) < ev(b) { 1.0 } else { 0.0 },
        E::Eq(a, b) => if (ev(a) - ev(b)).abs() < 1e-6 { 1.0 } else { 0.0 },
    }
}

// ---- serde_json's externally tagged form --------------------------------------
fn num(v: f32) -> String { format!("{:?}", v) }
fn tuple(tag: &str, items: &[&E]) -> String {
    let parts: Vec<String> = items.iter().map(|e| to_json(e)).collect();
    format!("{{\"{}\":[{}]}}", tag, parts.join(","))
}
fn object(tag: &str, fields: &[(&str, String)]) -> String {
    let parts: Vec<String> = fields.iter().map(|(k, v)| format!("\"{}\":{}", k, v)).collect();
    format!("{{\"{}\":{{{}}}}}", tag, parts.join(","))
}
fn newtype(tag: &str, inner: String) -> String { format!("{{\"{}\":{}}}", tag, inner) }

fn to_json(e: &E) -> String {
    let j = |e: &E| to_json(e);
    match e {
        E::X => "\"X\"".into(), E::Y => "\"Y\"".into(), E::Z => "\"Z\"".into(), E::T => "\"T\"".into(),
        E::Constant(v) => newtype("Constant", num(*v)),
        E::Var(n) => newtype("Var", format!("\"{}\"", n)),
        E::Add(a, b) => tuple("Add", &[a, b]), E::Sub(a, b) => tuple("Sub", &[a, b]),
        E::Mul(a, b) => tuple("Mul", &[a, b]), E::Div(a, b) => tuple("Div", &[a, b]),
        E::Mod(a, b) => tuple("Mod", &[a, b]), E::Pow(a, b) => tuple("Pow", &[a, b]),
        E::Min(a, b) => tuple("Min", &[a, b]), E::Max(a, b) => tuple("Max", &[a, b]),
        E::Gt(a, b) => tuple("Gt", &[a, b]), E::Lt(a, b) => tuple("Lt", &[a, b]),
        E::Eq(a, b) => tuple("Eq", &[a, b]),
        E::Neg(a) => newtype("Neg", j(a)), E::Sin(a) => newtype("Sin", j(a)),
        E::Cos(a) => newtype("Cos", j(a)), E::Tan(a) => newtype("Tan", j(a)),
        E::Abs(a) => newtype("Abs", j(a)), E::Floor(a) => newtype("Floor", j(a)),
        E::Ceil(a) => newtype("Ceil", j(a)), E::Fract(a) => newtype("Fract", j(a)),
        E::Sqrt(a) => newtype("Sqrt", j(a)), E::Exp(a) => newtype("Exp", j(a)),
        E::Ln(a) => newtype("Ln", j(a)), E::Sign(a) => newtype("Sign", j(a)),
        E::Perlin2 { x, y } => object("Perlin2", &[("x", j(x)), ("y", j(y))]),
        E::Simplex2 { x, y } => object("Simplex2", &[("x", j(x)), ("y", j(y))]),
        E::Length2 { x, y } => object("Length2", &[("x", j(x)), ("y", j(y))]),
        E::Perlin3 { x, y, z } => object("Perlin3", &[("x", j(x)), ("y", j(y)), ("z", j(z))]),
        E::Simplex3 { x, y, z } => object("Simplex3", &[("x", j(x)), ("y", j(y)), ("z", j(z))]),
        E::Length3 { x, y, z } => object("Length3", &[("x", j(x)), ("y", j(y)), ("z", j(z))]),
        E::Fbm2 { x, y, octaves } => {
            object("Fbm2", &[("x", j(x)), ("y", j(y)), ("octaves", octaves.to_string())])
        }
        E::Fbm3 { x, y, z, octaves } => object("Fbm3",
            &[("x", j(x)), ("y", j(y)), ("z", j(z)), ("octaves", octaves.to_string())]),
        E::Distance2 { x, y, px, py } => object("Distance2",
            &[("x", j(x)), ("y", j(y)), ("px", num(*px)), ("py", num(*py))]),
        E::Distance3 { x, y, z, px, py, pz } => object("Distance3", &[("x", j(x)), ("y", j(y)),
            ("z", j(z)), ("px", num(*px)), ("py", num(*py)), ("pz", num(*pz))]),
        E::SdfCircle { x, y, radius } => {
            object("SdfCircle", &[("x", j(x)), ("y", j(y)), ("radius", num(*radius))])
        }
        E::SdfSphere { x, y, z, radius } => object("SdfSphere",
            &[("x", j(x)), ("y", j(y)), ("z", j(z)), ("radius", num(*radius))]),
        E::SdfBox2 { x, y, half_width, half_height } => object("SdfBox2", &[("x", j(x)),
            ("y", j(y)), ("half_width", num(*half_width)), ("half_height", num(*half_height))]),
        E::SdfBox3 { x, y, z, half_x, half_y, half_z } => object("SdfBox3", &[("x", j(x)),
            ("y", j(y)), ("z", j(z)), ("half_x", num(*half_x)), ("half_y", num(*half_y)),
            ("half_z", num(*half_z))]),
        E::SdfSmoothUnion { a, b, k } => {
            object("SdfSmoothUnion", &[("a", j(a)), ("b", j(b)), ("k", num(*k))])
        }
        E::SdfSmoothIntersection { a, b, k } => {
            object("SdfSmoothIntersection", &[("a", j(a)), ("b", j(b)), ("k", num(*k))])
        }
        E::SdfSmoothSubtraction { a, b, k } => {
            object("SdfSmoothSubtraction", &[("a", j(a)), ("b", j(b)), ("k", num(*k))])
        }
        E::Clamp { value, min, max } => {
            object("Clamp", &[("value", j(value)), ("min", j(min)), ("max", j(max))])
        }
        E::Lerp { a, b, t } => object("Lerp", &[("a", j(a)), ("b", j(b)), ("t", j(t))]),
        E::SmoothStep { edge0, edge1, x } => {
            object("SmoothStep", &[("edge0", j(edge0)), ("edge1", j(edge1)), ("x", j(x))])
        }
        E::Step { edge, x } => object("Step", &[("edge", j(edge)), ("x", j(x))]),
        E::IfThenElse { condition, then_expr, else_expr } => object("IfThenElse",
            &[("condition", j(condition)), ("then_expr", j(then_expr)), ("else_expr", j(else_expr))]),
    }
}

// ---- the corpus -----------------------------------------------------------------
fn b(e: E) -> B { Box::new(e) }
fn c(v: f32) -> B { b(E::Constant(v)) }
fn x() -> B { b(E::X) }
fn y() -> B { b(E::Y) }
fn z() -> B { b(E::Z) }
fn t() -> B { b(E::T) }
fn scaled(e: B, k: f32) -> B { b(E::Mul(e, c(k))) }

fn corpus() -> Vec<(&'static str, E, bool)> {
    // (name, expression, calls libm: sin cos tan exp ln powf)
    vec![
        ("unit", E::T, false),
        ("coordinates", E::Sub(b(E::Add(x(), y())), b(E::Mul(z(), t()))), false),
        ("f32_max", E::Sub(c(f32::MAX), b(E::Mul(x(), c(1e38)))), false),
        ("var", E::Add(b(E::Mul(b(E::Var("freq".into())), x())), b(E::Var("phase".into()))), false),
        ("arith", E::Div(b(E::Sub(x(), scaled(y(), 0.1))), b(E::Add(z(), c(0.75)))), false),
        ("mod", E::Mod(b(E::Sub(x(), y())), c(0.25)), false),
        ("mod_general", E::Mod(x(), y()), false),
        ("neg_abs", E::Neg(b(E::Abs(b(E::Sub(x(), y()))))), false),
        ("floor_ceil", E::Add(b(E::Floor(scaled(x(), 2.5))), b(E::Ceil(y()))), false),
        ("fract", E::Fract(b(E::Sub(x(), y()))), false),
        ("sqrt", E::Sqrt(b(E::Abs(b(E::Mul(x(), y()))))), false),
        ("sign", E::Sign(b(E::Mul(x(), y()))), false),
        ("min_max", E::Add(b(E::Min(x(), y())), b(E::Max(z(), b(E::Div(t(), x()))))), false),
        ("clamp", E::Clamp { value: x(), min: y(), max: z() }, false),
        ("clamp_inverted", E::Clamp { value: x(), min: c(1.0), max: c(-1.0) }, false),
        ("lerp", E::Lerp { a: x(), b: y(), t: z() }, false),
        ("smoothstep", E::SmoothStep { edge0: c(-1.0), edge1: c(2.0), x: x() }, false),
        ("step", E::Step { edge: y(), x: x() }, false),
        ("if_then_else", E::IfThenElse { condition: b(E::Gt(x(), y())),
            then_expr: b(E::Lt(z(), t())), else_expr: b(E::Eq(x(), x())) }, false),
        ("perlin2", E::Perlin2 { x: scaled(x(), 4.0), y: scaled(y(), 4.0) }, false),
        ("perlin3", E::Perlin3 { x: x(), y: y(), z: z() }, false),
        ("simplex2", E::Simplex2 { x: x(), y: y() }, false),
        ("simplex3", E::Simplex3 { x: scaled(x(), 1.5), y: y(), z: z() }, false),
        ("fbm2", E::Fbm2 { x: x(), y: y(), octaves: 4 }, false),
        ("fbm2_octaves0", E::Fbm2 { x: x(), y: y(), octaves: 0 }, false),
        ("fbm3_octaves20", E::Fbm3 { x: x(), y: y(), z: z(), octaves: 20 }, false),
        ("distance", E::Add(b(E::Distance2 { x: x(), y: y(), px: 0.5, py: -0.25 }),
            b(E::Distance3 { x: x(), y: y(), z: z(), px: 1.0, py: 2.0, pz: 3.0 })), false),
        ("length", E::Sub(b(E::Length2 { x: x(), y: y() }), b(E::Length3 { x: x(), y: y(), z: z() })), false),
        ("sdf_circle_sphere", E::Min(b(E::SdfCircle { x: x(), y: y(), radius: 0.5 }),
            b(E::SdfSphere { x: x(), y: y(), z: z(), radius: 1.25 })), false),
        ("sdf_box2", E::SdfBox2 { x: x(), y: y(), half_width: 0.5, half_height: 0.25 }, false),
        ("sdf_box3", E::SdfBox3 { x: x(), y: y(), z: z(), half_x: 1.0, half_y: 0.5, half_z: 0.75 }, false),
        ("sdf_smooth", E::Add(
            b(E::SdfSmoothUnion { a: b(E::SdfCircle { x: x(), y: y(), radius: 0.5 }),
                b: b(E::SdfBox2 { x: x(), y: y(), half_width: 0.3, half_height: 0.6 }), k: 0.25 }),
            b(E::Sub(b(E::SdfSmoothIntersection { a: x(), b: y(), k: 0.5 }),
                b(E::SdfSmoothSubtraction { a: z(), b: x(), k: 0.125 })))), false),
        ("nested", E::Mul(b(E::Add(b(E::Perlin2 { x: scaled(x(), 3.0), y: scaled(y(), 3.0) }),
            b(E::Simplex2 { x: b(E::Fract(x())), y: b(E::Mod(y(), c(2.0))) }))),
            b(E::SmoothStep { edge0: c(0.3), edge1: c(0.7), x: b(E::Abs(z())) })), false),
        ("sin_cos_tan", E::Add(b(E::Add(b(E::Sin(x())), b(E::Cos(y())))), b(E::Tan(scaled(z(), 0.5)))), true),
        ("exp_ln", E::Add(b(E::Exp(scaled(x(), 0.5))), b(E::Ln(b(E::Abs(y()))))), true),
        ("pow", E::Pow(b(E::Abs(x())), y()), true),
    ]
}

fn points() -> Vec<[f32; 4]> {
    vec![
        [0.3, 0.7, 0.1, 0.0],
        [-1.25, 2.5, -3.75, 0.5],
        [2.4, 5.6, -0.3, 1.0],
        [-0.0, 0.0, 0.0, 0.0],
        [123.456, -78.9, 0.001, 2.0],
        [5000.5, -4096.25, 7.125, 3.0],
        [1e-3, -1e-3, 1e6, -2.0],
        [3e9, -3e9, 2.5e9, 0.25],
        [-0.4, 0.6, 0.2, -0.7],
        [f32::NAN, 0.5, 0.5, 0.0],
        [f32::INFINITY, -1.5, f32::NEG_INFINITY, 1.0],
    ]
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: oracle DIR (test/resin)");
    let mut expected = String::new();
    writeln!(expected, "# Generated by test/resin/oracle.rs (resin's FieldExpr::eval in Rust); do not edit.").unwrap();
    writeln!(expected, "# name libm x y z t vars result: floats as hex bits; vars NAME=bits,... or -").unwrap();
    let bindings: Vec<HashMap<String, f32>> = vec![
        HashMap::new(),
        [("freq".to_string(), 3.0f32)].into_iter().collect(),
    ];
    for (name, e, libm) in corpus() {
        std::fs::write(format!("{}/corpus/{}.json", dir, name), to_json(&e) + "\n").unwrap();
        let var_sets: &[HashMap<String, f32>] = if name == "var" { &bindings } else { &bindings[..1] };
        for vars in var_sets {
            for p in points() {
                // resinc's math contract for sin, cos and tan covers |x| <= 1e5
                // (docs/math.md): the libm documents skip points beyond it.
                if libm && p.iter().any(|c| c.is_finite() && c.abs() > 1e5) {
                    continue;
                }
                let v = eval(&e, p[0], p[1], p[2], p[3], vars);
                let mut vs: Vec<String> =
                    vars.iter().map(|(k, v)| format!("{}={:08x}", k, v.to_bits())).collect();
                vs.sort();
                let vtext = if vs.is_empty() { "-".to_string() } else { vs.join(",") };
                writeln!(expected, "{} {} {:08x} {:08x} {:08x} {:08x} {} {:08x}", name,
                         if libm { "libm" } else { "exact" }, p[0].to_bits(), p[1].to_bits(),
                         p[2].to_bits(), p[3].to_bits(), vtext, v.to_bits()).unwrap();
            }
        }
    }
    std::fs::write(format!("{}/expected.txt", dir), expected).unwrap();
}
