//! The Moré–Garbow–Hillstrom problems: derivatives against central differences, and
//! values against numbers from outside this code (`mgh_reference.json`, written by
//! `mgh_reference.py` with NumPy, and the digits the paper prints).

use landscapes::*;
use optim_core::{
    Error, Hessian, HessianProduct, Objective, Rng, check_gradient, check_hessian,
    check_hessian_vector_product,
};

/// g(z) = f(d∘z): the problem in coordinates z = x/d.
///
/// finitediff steps every coordinate by the same absolute amount (ε^{1/3} for
/// gradients, ε^{1/2} for Hessians), and leaves out of the relative error the
/// components below 10⁻⁴ of the largest. Here coordinates differ by up to twelve
/// orders of magnitude (Brown: x₁ ≈ 10⁶, x₂ ≈ 10⁻⁶), so an absolute step is lost in
/// the rounding of a large coordinate and too large for a small one, and the
/// derivatives along small coordinates fall below the floor: scales d make the steps
/// relative and bring the components of ∇g = d∘∇f(d∘z) and ∇²g = D∇²f D together.
struct Scaled<'a, P: ?Sized> {
    p: &'a P,
    d: Vec<f64>,
}

impl<P: MghProblem + ?Sized> Scaled<'_, P> {
    fn x(&self, z: &[f64]) -> Vec<f64> {
        z.iter().zip(&self.d).map(|(zi, di)| zi * di).collect()
    }
}

impl<P: MghProblem + ?Sized> Objective for Scaled<'_, P> {
    fn dim(&self) -> usize {
        self.p.dim()
    }
    fn value(&self, z: &[f64]) -> f64 {
        self.p.value(&self.x(z))
    }
    fn gradient(&self, z: &[f64], g: &mut [f64]) {
        self.p.gradient(&self.x(z), g);
        for (gi, di) in g.iter_mut().zip(&self.d) {
            *gi *= di;
        }
    }
}

impl<P: MghProblem + ?Sized> HessianProduct for Scaled<'_, P> {
    fn hessian_vector_product(&self, z: &[f64], v: &[f64], hv: &mut [f64]) {
        let dv = self.x(v);
        self.p.hessian_vector_product(&self.x(z), &dv, hv);
        for (hi, di) in hv.iter_mut().zip(&self.d) {
            *hi *= di;
        }
    }
}

impl<P: MghProblem + ?Sized> Hessian for Scaled<'_, P> {
    fn hessian(&self, z: &[f64], h: &mut [f64]) {
        let n = self.p.dim();
        self.p.hessian(&self.x(z), h);
        for b in 0..n {
            for a in 0..n {
                h[a + n * b] *= self.d[a] * self.d[b];
            }
        }
    }
}

const REL_TOL: f64 = 1e-6;

/// How one problem is checked: points uniform in `lo..hi` (per coordinate), and the
/// coordinate scales `d` of [`Scaled`].
struct Plan {
    lo: Vec<f64>,
    hi: Vec<f64>,
    d: Vec<f64>,
    /// Which random points to check (the others are drawn again).
    keep: fn(&[f64]) -> bool,
}

/// Checks gradient, Hessian and H·v at the start and at `points` random points of the
/// plan's box; returns (components compared, components there were), so that a check
/// that compared nothing cannot pass silently.
fn check_derivatives<P: MghProblem + ?Sized>(
    p: &P,
    plan: &Plan,
    points: usize,
    seed: u32,
) -> (usize, usize) {
    let n = p.dim();
    let f = Scaled {
        p,
        d: plan.d.clone(),
    };
    let mut rng = Rng::new(seed);
    let mut xs = vec![p.start()];
    while xs.len() <= points {
        let x: Vec<f64> = plan
            .lo
            .iter()
            .zip(&plan.hi)
            .map(|(lo, hi)| lo + (hi - lo) * rng.uniform())
            .collect();
        if (plan.keep)(&x) {
            xs.push(x);
        }
    }
    let (mut compared, mut total) = (0, 0);
    for x in &xs {
        let z: Vec<f64> = x.iter().zip(&plan.d).map(|(xi, di)| xi / di).collect();
        let v: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let g = check_gradient(&f, &z).unwrap();
        let h = check_hessian(&f, &z).unwrap();
        let hv = check_hessian_vector_product(&f, &z, &v).unwrap();
        for (what, c) in [("gradient", g), ("Hessian", h), ("H·v", hv)] {
            assert!(
                c.max_rel_error <= REL_TOL,
                "{}: {what} at {x:?}: relative error {:e} (component {})",
                p.name(),
                c.max_rel_error,
                c.worst_index
            );
            compared += c.compared;
        }
        total += 2 * n + n * n;
        check_consistency(p, x, &v);
    }
    (compared, total)
}

/// What must hold to the bit or to rounding whatever the finite differences say: the
/// Hessian is symmetric, H·v is the dense Hessian times v, and `value` and
/// `value_and_gradient` give the same f and ∇f.
fn check_consistency<P: MghProblem + ?Sized>(p: &P, x: &[f64], v: &[f64]) {
    let n = p.dim();
    let mut dense = vec![0.0; n * n];
    p.hessian(x, &mut dense);
    for a in 0..n {
        for b in 0..n {
            assert_eq!(dense[a + n * b], dense[b + n * a], "{}", p.name());
        }
    }
    let mut fast = vec![0.0; n];
    p.hessian_vector_product(x, v, &mut fast);
    for i in 0..n {
        let want: f64 = (0..n).map(|j| dense[i + n * j] * v[j]).sum();
        let scale: f64 = (0..n).map(|j| (dense[i + n * j] * v[j]).abs()).sum();
        assert!(
            (fast[i] - want).abs() <= 1e-12 * scale.max(1e-300),
            "{}: H·v[{i}] = {} but the dense Hessian gives {want}",
            p.name(),
            fast[i]
        );
    }
    let (mut g1, mut g2) = (vec![0.0; n], vec![0.0; n]);
    let f = p.value_and_gradient(x, &mut g1);
    p.gradient(x, &mut g2);
    assert_eq!(f.to_bits(), p.value(x).to_bits(), "{} at {x:?}", p.name());
    assert_eq!(g1, g2, "{}", p.name());
}

fn assert_compared(name: &str, (compared, total): (usize, usize), min_fraction: f64) {
    assert!(
        compared as f64 >= min_fraction * total as f64,
        "{name}: only {compared} of {total} components compared"
    );
}

fn plan(lo: &[f64], hi: &[f64], d: &[f64]) -> Plan {
    Plan {
        lo: lo.to_vec(),
        hi: hi.to_vec(),
        d: d.to_vec(),
        keep: |_| true,
    }
}

/// Points in the box of `p`'s plotting domain.
fn domain_plan<P: MghProblem + ?Sized>(p: &P, d: &[f64]) -> Plan {
    let (lo, hi): (Vec<f64>, Vec<f64>) = p.domain().into_iter().unzip();
    plan(&lo, &hi, d)
}

#[test]
fn brown_badly_scaled_derivatives() {
    // x₁ in units of 10⁶: at x₁ ≈ 10⁵…10⁶ the rounding of x₁ ± ε^{1/2} alone would be a
    // relative error of 10⁻² in the step, and unscaled ∂f/∂x₁ is 10⁻⁶ of ∂f/∂x₂ over
    // the box, so left out. At the start ∂f/∂x₂ = −4·10⁻⁶ against ∂f/∂x₁ = −2·10⁶ is
    // left out whatever the scaling.
    let f = BrownBadlyScaled;
    let c = check_derivatives(&f, &domain_plan(&f, &[1e6, 1.0]), 50, 1);
    assert_compared("Brown", c, 0.95);
}

#[test]
fn meyer_derivatives() {
    // Each coordinate in units of its size at the minimiser (0.0056, 6181, 345).
    let f = Meyer;
    let c = check_derivatives(&f, &domain_plan(&f, &[0.01, 1e3, 1e2]), 50, 2);
    assert_compared("Meyer", c, 0.95);
}

#[test]
fn gulf_derivatives() {
    // The domain keeps x₂ below every yᵢ, where f is smooth. Many components are small
    // where exp(−u/x₁) underflows (small x₁, large u), so fewer are compared.
    let f = Gulf;
    let c = check_derivatives(&f, &domain_plan(&f, &[10.0, 10.0, 1.0]), 50, 3);
    assert_compared("Gulf", c, 0.7);
}

/// yᵢ of the Gulf function, computed as `gulf.rs` does, so that x₂ = yᵢ hits the kink.
fn gulf_y(i: usize) -> f64 {
    (-50.0 * (i as f64 / 100.0).ln()).powf(2.0 / 3.0) + 25.0
}

#[test]
fn gulf_derivatives_between_its_kinks() {
    // x₂ among the yᵢ (25.63…62.6), at least 0.1 from each: there f is smooth, and
    // the differences must agree as well.
    let mut plan = plan(&[1.0, 26.0, 0.1], &[60.0, 60.0, 3.0], &[1.0; 3]);
    plan.keep = |x| (1..=99).all(|i| (gulf_y(i) - x[1]).abs() >= 0.1);
    let c = check_derivatives(&Gulf, &plan, 200, 4);
    assert_compared("Gulf between its kinks", c, 0.9);
}

#[test]
fn wood_derivatives() {
    // Six of the Hessian's sixteen entries are structural zeros, hence 0.7.
    let c = check_derivatives(&Wood, &domain_plan(&Wood, &[1.0; 4]), 50, 5);
    assert_compared("Wood", c, 0.7);
}

#[test]
fn biggs_exp6_derivatives() {
    let f = BiggsExp6;
    let c = check_derivatives(&f, &domain_plan(&f, &[1.0; 6]), 50, 6);
    assert_compared("Biggs EXP6", c, 0.95);
}

#[test]
fn watson_derivatives() {
    // The extreme sizes too: n = 31 fills the stack buffers exactly.
    for (k, n) in [2, 6, 9, 12, 31].into_iter().enumerate() {
        let f = Watson::new(n).unwrap();
        let half = if n > 12 { 1.0 } else { 2.0 };
        let plan = plan(&vec![-half; n], &vec![half; n], &vec![1.0; n]);
        let c = check_derivatives(&f, &plan, 50, 7 + k as u32);
        assert_compared(&f.name(), c, 0.95);
    }
}

/// A small JSON reader for `mgh_reference.json` (the crate has no JSON dependency, and
/// the file is plain: objects, arrays, numbers, strings).
mod json {
    #[derive(Debug, Clone, PartialEq)]
    pub enum Json {
        Null,
        Bool(bool),
        Number(f64),
        String(String),
        Array(Vec<Json>),
        Object(Vec<(String, Json)>),
    }

    impl Json {
        pub fn parse(text: &str) -> Json {
            let mut p = Parser {
                s: text.as_bytes(),
                i: 0,
            };
            let v = p.value();
            p.space();
            assert_eq!(p.i, p.s.len(), "trailing characters after the JSON value");
            v
        }
        pub fn object(&self) -> &[(String, Json)] {
            match self {
                Json::Object(fields) => fields,
                other => panic!("expected an object, found {other:?}"),
            }
        }
        /// The field `key`, which must exist.
        pub fn get(&self, key: &str) -> &Json {
            self.object()
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .unwrap_or_else(|| panic!("missing key {key}"))
        }
        pub fn opt(&self, key: &str) -> Option<&Json> {
            self.object().iter().find(|(k, _)| k == key).map(|(_, v)| v)
        }
        pub fn number(&self) -> f64 {
            match self {
                Json::Number(v) => *v,
                other => panic!("expected a number, found {other:?}"),
            }
        }
        pub fn string(&self) -> &str {
            match self {
                Json::String(s) => s,
                other => panic!("expected a string, found {other:?}"),
            }
        }
        pub fn array(&self) -> &[Json] {
            match self {
                Json::Array(items) => items,
                other => panic!("expected an array, found {other:?}"),
            }
        }
        pub fn numbers(&self) -> Vec<f64> {
            self.array().iter().map(Json::number).collect()
        }
        /// Fails on a key outside `allowed`, so a field the test does not know about
        /// cannot be ignored silently.
        pub fn only(&self, what: &str, allowed: &[&str]) {
            for (k, _) in self.object() {
                assert!(allowed.contains(&k.as_str()), "{what}: unknown key {k}");
            }
        }
    }

    struct Parser<'a> {
        s: &'a [u8],
        i: usize,
    }

    impl Parser<'_> {
        fn space(&mut self) {
            while matches!(self.s.get(self.i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
                self.i += 1;
            }
        }
        fn next(&mut self) -> u8 {
            let c = self.s[self.i];
            self.i += 1;
            c
        }
        fn literal(&mut self, word: &str, value: Json) -> Json {
            assert!(self.s[self.i..].starts_with(word.as_bytes()), "bad literal");
            self.i += word.len();
            value
        }
        fn value(&mut self) -> Json {
            self.space();
            match self.s[self.i] {
                b'{' => {
                    self.i += 1;
                    let mut fields = Vec::new();
                    self.space();
                    if self.s[self.i] == b'}' {
                        self.i += 1;
                        return Json::Object(fields);
                    }
                    loop {
                        self.space();
                        let key = self.string();
                        self.space();
                        assert_eq!(self.next(), b':', "expected ':'");
                        fields.push((key, self.value()));
                        self.space();
                        match self.next() {
                            b',' => continue,
                            b'}' => return Json::Object(fields),
                            c => panic!("unexpected {:?} in an object", c as char),
                        }
                    }
                }
                b'[' => {
                    self.i += 1;
                    let mut items = Vec::new();
                    self.space();
                    if self.s[self.i] == b']' {
                        self.i += 1;
                        return Json::Array(items);
                    }
                    loop {
                        items.push(self.value());
                        self.space();
                        match self.next() {
                            b',' => continue,
                            b']' => return Json::Array(items),
                            c => panic!("unexpected {:?} in an array", c as char),
                        }
                    }
                }
                b'"' => Json::String(self.string()),
                b't' => self.literal("true", Json::Bool(true)),
                b'f' => self.literal("false", Json::Bool(false)),
                b'n' => self.literal("null", Json::Null),
                _ => {
                    let start = self.i;
                    while matches!(
                        self.s.get(self.i),
                        Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                    ) {
                        self.i += 1;
                    }
                    let text = std::str::from_utf8(&self.s[start..self.i]).unwrap();
                    // Rust's parser rounds correctly, so Python's repr round-trips.
                    Json::Number(text.parse().unwrap_or_else(|_| panic!("bad number {text}")))
                }
            }
        }
        fn hex4(&mut self) -> u32 {
            let text = std::str::from_utf8(&self.s[self.i..self.i + 4]).unwrap();
            self.i += 4;
            u32::from_str_radix(text, 16).expect("\\u escape")
        }
        fn string(&mut self) -> String {
            assert_eq!(self.next(), b'"', "expected a string");
            let mut out = String::new();
            loop {
                let start = self.i;
                while !matches!(self.s[self.i], b'"' | b'\\') {
                    self.i += 1;
                }
                out.push_str(std::str::from_utf8(&self.s[start..self.i]).unwrap());
                match self.next() {
                    b'"' => return out,
                    _ => match self.next() {
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'u' => {
                            let mut code = self.hex4();
                            // json.dumps escapes non-ASCII, beyond U+FFFF as a pair.
                            if (0xD800..0xDC00).contains(&code) {
                                assert_eq!(&self.s[self.i..self.i + 2], b"\\u");
                                self.i += 2;
                                code = 0x10000 + ((code - 0xD800) << 10) + (self.hex4() - 0xDC00);
                            }
                            out.push(char::from_u32(code).expect("a character"));
                        }
                        c => out.push(c as char),
                    },
                }
            }
        }
    }
}

use json::Json;

fn reference() -> Json {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mgh_reference.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    Json::parse(&text)
}

/// The problem each key of the reference file names.
fn problem(key: &str) -> Option<Box<dyn MghProblem>> {
    Some(match key {
        "brown_badly_scaled" => Box::new(BrownBadlyScaled),
        "meyer" => Box::new(Meyer),
        "gulf" => Box::new(Gulf),
        "wood" => Box::new(Wood),
        "biggs_exp6" => Box::new(BiggsExp6),
        "watson6" => Box::new(Watson::new(6).unwrap()),
        "watson9" => Box::new(Watson::new(9).unwrap()),
        "watson12" => Box::new(Watson::new(12).unwrap()),
        _ => return None,
    })
}

const KEYS: [&str; 8] = [
    "brown_badly_scaled",
    "meyer",
    "gulf",
    "wood",
    "biggs_exp6",
    "watson6",
    "watson9",
    "watson12",
];

/// f at x₀ agrees with NumPy's to rounding (the reference sums in extended precision).
const START_TOL: f64 = 1e-14;
/// f at the minimisers and saddles, relative: there the residuals are differences of
/// terms up to 10⁴–10⁵ times larger (Meyer's x₁eᵢ against yᵢ, Watson's polynomial sums),
/// and each side rounds them its own way (6·10⁻¹¹ apart for Watson n = 12).
const POINT_TOL: f64 = 1e-9;
/// What "f = 0" means at a zero-residual minimiser in floating point (1e-30 here).
const ZERO: f64 = 1e-24;

/// (value, one unit of its last digit) of a number as the paper prints it: "87.9458"
/// is (87.9458, 10⁻⁴), "2.28767e-3" is (2.28767·10⁻³, 10⁻⁸).
fn printed(text: &str) -> (f64, f64) {
    let value: f64 = text
        .parse()
        .unwrap_or_else(|_| panic!("bad printed value {text}"));
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    let decimals = mantissa.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
    let exponent: i32 = exponent.parse().unwrap();
    (value, 10f64.powi(exponent - decimals))
}

/// `f` agrees with the paper's printed f*: within one unit of its last digit (the paper
/// truncates some values, Meyer's 87.945855… as 87.9458, and rounds others, Biggs'
/// 5.655649… as 5.65565), or below [`ZERO`] where it prints 0.
fn assert_printed(what: &str, f: f64, text: &str) {
    let (value, unit) = printed(text);
    if value == 0.0 {
        assert!(f.abs() <= ZERO, "{what}: f = {f:e}, the paper prints 0");
    } else {
        assert!(
            (f - value).abs() <= unit,
            "{what}: f = {f:e}, the paper prints {text}"
        );
    }
}

#[test]
fn values_match_the_numpy_reference() {
    let reference = reference();
    reference.only("file", &["about", "numpy", "problems"]);
    let problems = reference.get("problems");
    for key in KEYS {
        assert!(
            problems.opt(key).is_some(),
            "{key} is missing from the reference"
        );
    }
    for (key, entry) in problems.object() {
        let p = problem(key).unwrap_or_else(|| panic!("unknown problem {key}"));
        let name = p.name();
        entry.only(key, &["n", "m", "x0", "f_x0", "reported_minimum", "points"]);
        assert_eq!(entry.get("n").number(), p.dim() as f64, "{name}");
        assert_eq!(entry.get("m").number(), p.residual_count() as f64, "{name}");
        let x0 = entry.get("x0").numbers();
        assert_eq!(x0, p.start(), "{name}: the standard start");
        let (f0, want) = (p.value(&x0), entry.get("f_x0").number());
        assert!(
            (f0 - want).abs() <= START_TOL * want,
            "{name}: f(x₀) = {f0:?}, NumPy {want:?}"
        );
        let points = entry.get("points").array();
        assert!(!points.is_empty(), "{name}: no points");
        for q in points {
            q.only(key, &["what", "x", "f", "printed", "negative_curvature"]);
            let what = format!("{name} at the {}", q.get("what").string());
            let x = q.get("x").numbers();
            let (f, want) = (p.value(&x), q.get("f").number());
            assert!(
                (f - want).abs() <= POINT_TOL * want + ZERO,
                "{what}: f = {f:?}, NumPy {want:?}"
            );
            if let Some(text) = q.opt("printed") {
                assert_printed(&what, f, text.string());
            }
        }
    }
}

/// The f* that [`MghProblem::reported_minimum`] gives is the paper's, and it is f at
/// the first listed minimiser, to the digits the paper prints.
#[test]
fn the_paper_minimum_is_attained_at_the_listed_minimiser() {
    let reference = reference();
    let problems = reference.get("problems");
    for key in KEYS {
        let p = problem(key).unwrap();
        let text = problems.get(key).get("reported_minimum").string();
        assert_eq!(p.reported_minimum(), Some(printed(text).0), "{}", p.name());
        let minima = p.minima();
        assert!(!minima.is_empty(), "{}: no minimiser listed", p.name());
        assert_printed(&p.name(), p.value(&minima[0]), text);
    }
    for n in [2, 3, 7, 20, 31] {
        assert_eq!(Watson::new(n).unwrap().reported_minimum(), None);
        assert!(Watson::new(n).unwrap().minima().is_empty());
    }
}

/// ∇f(x) is tiny against ∇f a relative 10⁻⁶ away, a test of stationarity that does not
/// depend on the problem's scales (Meyer's ∇f at its minimiser is 4·10⁻³, rounding
/// for a function whose ∂f/∂x₁ is 10¹³ a step of 10⁻⁶·x₁ away).
fn assert_stationary<P: MghProblem + ?Sized>(p: &P, x: &[f64], what: &str) {
    let n = p.dim();
    let (mut g, mut near) = (vec![0.0; n], vec![0.0; n]);
    p.gradient(x, &mut g);
    let nudged: Vec<f64> = x
        .iter()
        .enumerate()
        .map(|(k, &xk)| {
            let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
            xk + sign * 1e-6 * if xk == 0.0 { 1e-3 } else { xk.abs() }
        })
        .collect();
    p.gradient(&nudged, &mut near);
    let (g, near) = (
        optim_core::vector::norm_inf(&g),
        optim_core::vector::norm_inf(&near),
    );
    assert!(
        g <= 1e-3 * near,
        "{}: ‖∇f‖ = {g:e} at the {what}, {near:e} next to it",
        p.name()
    );
}

/// Cholesky of the Hessian scaled to a unit diagonal (scaling makes Meyer's, of
/// condition number about 10¹⁶, factorable): whether it is positive definite.
fn positive_definite(h: &[f64], n: usize) -> bool {
    let d: Vec<f64> = (0..n).map(|k| h[k + n * k]).collect();
    if d.iter().any(|&dk| dk <= 0.0) {
        return false;
    }
    let mut l = vec![0.0; n * n];
    for j in 0..n {
        for i in j..n {
            let a = h[i + n * j] / (d[i] * d[j]).sqrt();
            let s = a - (0..j).map(|k| l[i + n * k] * l[j + n * k]).sum::<f64>();
            if i == j {
                if s <= 0.0 {
                    return false;
                }
                l[j + n * j] = s.sqrt();
            } else {
                l[i + n * j] = s / l[j + n * j];
            }
        }
    }
    true
}

#[test]
fn listed_minima_are_strict_local_minima() {
    for key in KEYS {
        let p = problem(key).unwrap();
        let n = p.dim();
        for m in p.minima() {
            assert_stationary(p.as_ref(), &m, "listed minimum");
            let mut h = vec![0.0; n * n];
            p.hessian(&m, &mut h);
            assert!(
                positive_definite(&h, n),
                "{}: Hessian not positive definite at {m:?}",
                p.name()
            );
            let domain = p.domain();
            for (k, (&mk, &(lo, hi))) in m.iter().zip(&domain).enumerate() {
                assert!(
                    lo <= mk && mk <= hi,
                    "{}: minimum[{k}] outside the box",
                    p.name()
                );
            }
        }
        let start = p.start();
        for (k, (&s, &(lo, hi))) in start.iter().zip(&p.domain()).enumerate() {
            assert!(
                lo <= s && s <= hi,
                "{}: start[{k}] outside the box",
                p.name()
            );
        }
    }
}

/// Biggs EXP6's f = 5.65565·10⁻³ and Wood's f ≈ 7.877 are at saddles: stationary, with
/// the curvature NumPy found along its direction.
#[test]
fn the_saddles_are_saddles() {
    let reference = reference();
    let mut saddles = 0;
    for (key, entry) in reference.get("problems").object() {
        let p = problem(key).unwrap();
        let n = p.dim();
        for q in entry.get("points").array() {
            let Some(descent) = q.opt("negative_curvature") else {
                continue;
            };
            descent.only(key, &["direction", "curvature"]);
            let x = q.get("x").numbers();
            let d = descent.get("direction").numbers();
            let want = descent.get("curvature").number();
            assert_stationary(p.as_ref(), &x, "saddle");
            let mut hd = vec![0.0; n];
            p.hessian_vector_product(&x, &d, &mut hd);
            let curvature = optim_core::vector::dot(&d, &hd);
            assert!(curvature < 0.0, "{}: dᵀHd = {curvature:e}", p.name());
            // NumPy's Hessian is a central difference of its own gradient.
            assert!(
                (curvature - want).abs() <= 1e-6 * want.abs(),
                "{}: dᵀHd = {curvature:e}, NumPy {want:e}",
                p.name()
            );
            saddles += 1;
        }
    }
    assert_eq!(saddles, 2);
}

#[test]
fn watson_refuses_sizes_outside_2_to_31() {
    for n in [0, 1, 32, 100, usize::MAX] {
        match Watson::new(n) {
            Err(Error::InvalidParameter { name: "n", .. }) => {}
            other => panic!("Watson::new({n}) = {other:?}"),
        }
    }
    for n in [2, 31] {
        let f = Watson::new(n).unwrap();
        assert_eq!(f.dim(), n);
        assert_eq!(f.value(&f.start()), 30.0);
    }
    assert_eq!(Watson::default(), Watson::new(6).unwrap());
}

/// Exactly at x₂ = yᵢ the derivatives of |yᵢ − x₂|^{x₃} are taken as 0: everything stays
/// finite for every x₃, and for x₃ > 2, where they are the limits, the Hessian there
/// is the Hessian next to it.
#[test]
fn gulf_is_finite_where_x2_equals_some_y() {
    let y = gulf_y(50);
    let (mut g, mut h, mut hv) = ([0.0; 3], [0.0; 9], [0.0; 3]);
    for x3 in [0.5, 1.0, 1.5, 2.0, 3.0] {
        let x = [30.0, y, x3];
        assert!(Gulf.value(&x).is_finite());
        Gulf.gradient(&x, &mut g);
        Gulf.hessian(&x, &mut h);
        Gulf.hessian_vector_product(&x, &[1.0, -2.0, 0.5], &mut hv);
        for v in g.iter().chain(&h).chain(&hv) {
            assert!(v.is_finite(), "x₃ = {x3}: {g:?} {h:?} {hv:?}");
        }
    }
    let x = [30.0, y, 3.0];
    let mut near = [0.0; 9];
    Gulf.hessian(&x, &mut h);
    Gulf.hessian(&[30.0, y + 1e-9, 3.0], &mut near);
    for (a, b) in h.iter().zip(&near) {
        assert!(
            (a - b).abs() <= 1e-6 * a.abs().max(1e-12),
            "{h:?} vs {near:?}"
        );
    }
}

#[test]
fn mgh_problems_are_the_six_at_their_standard_sizes() {
    let all = mgh_problems();
    let names: Vec<String> = all.iter().map(|p| p.name()).collect();
    assert_eq!(
        names,
        [
            "Brown badly scaled",
            "Meyer",
            "Gulf research and development (m = 99)",
            "Wood",
            "Biggs EXP6 (m = 13)",
            "Watson (n = 6)",
        ]
    );
    let numbers: Vec<u8> = KEYS[..6]
        .iter()
        .map(|k| problem(k).unwrap().mgh_number())
        .collect();
    assert_eq!(numbers, [4, 10, 11, 14, 18, 20]);
    for (p, key) in all.iter().zip(KEYS) {
        let q = problem(key).unwrap();
        assert_eq!(p.name(), q.name());
        assert_eq!(p.start(), q.start());
        assert_eq!(p.value(&p.start()).to_bits(), q.value(&q.start()).to_bits());
    }
    // Figures draw the catalogue; these are for tests and benchmarks of methods.
    let catalogue = catalogue();
    assert!(
        names
            .iter()
            .all(|n| catalogue.iter().all(|l| &l.name() != n))
    );
}
