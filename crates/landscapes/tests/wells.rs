//! The *Optimization in many dimensions* notebook's Gaussian wells: NumPy's seeded numbers, the Hessian erratum, the minima.

use landscapes::{Landscape, Wells};
use optim_core::{Error, Hessian, HessianProduct, Objective, check_hessian};

/// Printed by NumPy 2.4 running the *Optimization in many dimensions* notebook's constructor:
/// `np.random.seed(0); c = np.random.random(8); c /= c.sum(); locs = np.random.randn(8, 2);
/// widths = np.random.rand(8)`.
const NUMPY_WEIGHTS: [f64; 8] = [
    0.11408519359808582,
    0.1486707537952537,
    0.1253000809216158,
    0.11326817393468144,
    0.088067694135561,
    0.13426592896451614,
    0.09096390915257357,
    0.18537826549771252,
];
const NUMPY_CENTRES: [f64; 16] = [
    -0.10321885179355784,
    0.41059850193837233,
    0.144043571160878,
    1.454273506962975,
    0.7610377251469934,
    0.12167501649282841,
    0.44386323274542566,
    0.33367432737426683,
    1.4940790731576061,
    -0.20515826376580087,
    0.31306770165090136,
    -0.8540957393017248,
    -2.5529898158340787,
    0.6536185954403606,
    0.8644361988595057,
    -0.7421650204064419,
];
const NUMPY_WIDTHS: [f64; 8] = [
    0.45615033221654855,
    0.5684339488686485,
    0.018789800436355142,
    0.6176354970758771,
    0.6120957227224214,
    0.6169339968747569,
    0.9437480785146242,
    0.6818202991034834,
];

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * b.abs().max(1e-300)
}

#[test]
fn seed_002_landscape_is_numpys_to_the_last_bits() {
    let f = Wells::seed002();
    assert_eq!(f.n_wells(), 8);
    for (got, want) in f.weights().iter().zip(NUMPY_WEIGHTS) {
        assert!(close(*got, want, 4e-16), "weight {got} vs {want}");
    }
    // Centres and widths are raw draws: bit-identical.
    assert_eq!(f.centres(), NUMPY_CENTRES);
    assert_eq!(f.widths(), NUMPY_WIDTHS);
    assert!((f.weights().iter().sum::<f64>() - 1.0).abs() < 1e-15);
    // loss(np.array([[0.3, -0.7]])) with the seed's code.
    assert!(close(f.value(&[0.3, -0.7]), -0.22682761984720567, 1e-14));
    assert_eq!(f.name(), "Gaussian wells (d = 2, 8 wells, seed 0)");
    assert_eq!(f.domain(), vec![(-3.0, 3.0); 2]);
}

#[test]
fn seed_002_starts_are_numpys() {
    // np.random.seed(0); X0 = 6 * np.random.random(size=(100, 2)) - 3
    let starts = Wells::seed002_starts();
    assert_eq!(starts.len(), 100);
    assert!(close(starts[0][0], 6.0 * 0.5488135039273248 - 3.0, 1e-15));
    assert!(starts.iter().flatten().all(|v| (-3.0..3.0).contains(v)));
    assert_eq!(Wells::seed002().start(), starts[0]);
}

#[test]
fn the_seeds_hessian_is_wrong_and_ours_is_right() {
    let f = Wells::seed002();
    // The seed's `hessian(np.array([[0.3, -0.7]]))`, printed by NumPy: our
    // `seed_hessian` is that formula.
    let mut seed = [0.0; 4];
    f.seed_hessian(&[0.3, -0.7], &mut seed);
    let numpy = [
        0.40279212554473065,
        0.00249621516882014,
        0.00249621516882014,
        0.4769038155671045,
    ];
    for (s, n) in seed.iter().zip(numpy) {
        assert!(close(*s, n, 1e-13), "{s} vs {n}");
    }

    /// The seed's Hessian formula behind the `Hessian` trait, to check it like ours.
    struct SeedFormula(Wells);
    impl Objective for SeedFormula {
        fn dim(&self) -> usize {
            2
        }
        fn value(&self, x: &[f64]) -> f64 {
            self.0.value(x)
        }
        fn gradient(&self, x: &[f64], g: &mut [f64]) {
            self.0.gradient(x, g)
        }
    }
    impl HessianProduct for SeedFormula {
        fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
            optim_core::dense_hessian_vector_product(self, x, v, hv)
        }
    }

    impl Hessian for SeedFormula {
        fn hessian(&self, x: &[f64], h: &mut [f64]) {
            self.0.seed_hessian(x, h)
        }
    }
    let seed_formula = SeedFormula(f.clone());
    for x in [[0.3, -0.7], [0.5, 0.5], [-0.2, 0.3], [1.0, -0.5]] {
        let ours = check_hessian(&f, &x).unwrap();
        let theirs = check_hessian(&seed_formula, &x).unwrap();
        let mut h = [0.0; 4];
        f.hessian(&x, &mut h);
        let size = h.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        // Ours agrees with central differences of the gradient to ~1e-8 relative
        // (here every entry is compared: none is below 1e-4 of the largest and 1).
        assert!(
            ours.max_abs_error <= 1e-8 * size,
            "ours at {x:?}: {:e} of {size}",
            ours.max_abs_error
        );
        // The seed's is off by 15–40 % of the Hessian's size (NumPy: 0.33 of 0.80
        // at (0.3, −0.7), 0.15 of 0.28 at (0.5, 0.5), 0.38 of 0.91 at (−0.2, 0.3),
        // 0.25 of 0.55 at (1, −0.5)).
        assert!(
            theirs.max_abs_error >= 0.15 && theirs.max_abs_error >= 0.35 * size,
            "seed at {x:?}: {:e} of {size}",
            theirs.max_abs_error
        );
    }
}

#[test]
fn minima_are_stationary_local_minima_deepest_first() {
    let f = Wells::seed002();
    let minima = f.minima();
    // A 1201² grid search on [−3, 3]² (NumPy) finds the same five local minima (three
    // of the eight wells are absorbed by deeper neighbours); the deepest lies at
    // (0.655, −0.750) on the grid, with value −0.275387.
    assert_eq!(minima.len(), 5, "{minima:?}");
    assert!((minima[0][0] - 0.655).abs() < 3e-3 && (minima[0][1] + 0.75).abs() < 3e-3);
    assert!((f.value(&minima[0]) + 0.27539).abs() < 1e-5);
    let mut last = f64::NEG_INFINITY;
    for m in &minima {
        let v = f.value(m);
        assert!(v >= last);
        last = v;
        let mut g = [0.0; 2];
        f.gradient(m, &mut g);
        assert!(g.iter().all(|gi| gi.abs() < 1e-10));
        let mut h = [0.0; 4];
        f.hessian(m, &mut h);
        assert!(
            h[0] > 0.0 && h[0] * h[3] - h[1] * h[2] > 0.0,
            "{m:?}: {h:?}"
        );
    }
    // The deepest minimum beats every point of the *Optimization in many dimensions* notebook's 100×100 plotting grid.
    let grid_min = (0..100)
        .flat_map(|i| (0..100).map(move |j| (i, j)))
        .map(|(i, j)| {
            let x = -3.0 + 6.0 * i as f64 / 99.0;
            let y = -3.0 + 6.0 * j as f64 / 99.0;
            f.value(&[x, y])
        })
        .fold(f64::INFINITY, f64::min);
    assert!(f.value(&minima[0]) <= grid_min);
}

#[test]
fn new_validates_its_input() {
    let ok = Wells::new(2, vec![0.0, 0.0], vec![1.0], vec![1.0]);
    assert!(ok.is_ok());
    assert!(matches!(
        Wells::new(2, vec![0.0], vec![1.0], vec![1.0]),
        Err(Error::DimensionMismatch {
            what: "centres",
            expected: 2,
            found: 1
        })
    ));
    assert!(matches!(
        Wells::new(1, vec![0.0], vec![0.0], vec![1.0]),
        Err(Error::InvalidParameter { name: "widths", .. })
    ));
    assert!(matches!(
        Wells::new(1, vec![0.0], vec![1.0], vec![f64::NAN]),
        Err(Error::NonFinite {
            what: "weights",
            index: 0
        })
    ));
    assert!(Wells::new(0, vec![], vec![1.0], vec![1.0]).is_err());
    // One well: its centre is the minimum, with value −c.
    let one = Wells::new(2, vec![0.5, -1.0], vec![0.8], vec![2.0]).unwrap();
    assert_eq!(one.minima(), vec![vec![0.5, -1.0]]);
    assert_eq!(one.value(&[0.5, -1.0]), -2.0);
}
