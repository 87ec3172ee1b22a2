//! Colour encodings: colour bars show what is drawn, light contour colours keep
//! contrast on white, the diverging map is symmetric, signed scales show both signs,
//! and categorical maps show their classes.

mod common;

use std::collections::BTreeSet;

use common::{Image, contrast_with_white, delta_e, lab};
use report::plotters::style::RGBColor;
use report::{Colormap, Contours, Contrast, Grid, HeatMap, LegendPosition, Levels, Map, Quiver};

fn rosenbrock(x: f64, y: f64) -> f64 {
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}

fn powers() -> Vec<f64> {
    (0..10).map(|k| f64::from(k).powi(5)).collect()
}

/// The colours in the columns `x0..x1`, rows `y0..=y1`, except white, black, and the
/// light grey of grid lines.
fn colours(img: &Image, (x0, x1): (usize, usize), (y0, y1): (usize, usize)) -> BTreeSet<[u8; 3]> {
    let mut set = BTreeSet::new();
    for y in y0..=y1 {
        for x in x0..x1 {
            let p = img.at(x, y);
            if p != [255, 255, 255] && p != [0, 0, 0] && p != [225, 225, 225] {
                set.insert(p);
            }
        }
    }
    set
}

#[test]
fn the_colour_bar_shows_exactly_the_colours_of_the_lines_drawn() {
    let grid = Grid::sample((-5.0, 5.0), (-5.0, 5.0), 100, 100, rosenbrock).unwrap();
    let map = Map::new((-5.0, 5.0), (-5.0, 5.0)).unwrap().contours(
        Contours::new(&grid, Levels::Explicit(powers()))
            .unwrap()
            .colormap(Colormap::Jet),
    );
    let img = Image::panel(620, 540, map);
    let (l, t, r, b) = img.frame();
    let lines = colours(&img, (l + 1, r), (t + 1, b - 1));
    // The bar: its column a little right of the plot.
    let bar = colours(&img, (r + 16, r + 30), (t, b));
    assert_eq!(lines, bar, "lines {lines:?}\nbar {bar:?}");
    // Level 0 is a single point of the surface: its colour (the map's darkest blue,
    // darkened or not) is in neither.
    assert_eq!(lines.len(), 9);
}

#[test]
fn light_colormap_colours_are_darkened_to_three_to_one_keeping_their_hue() {
    let f = |x: f64, y: f64| x * x + y * y;
    let grid = Grid::sample((-1.0, 1.0), (-1.0, 1.0), 80, 80, f).unwrap();
    let levels: Vec<f64> = (1..=10).map(|k| 0.18 * f64::from(k)).collect();
    let map = |contrast| {
        Map::new((-1.0, 1.0), (-1.0, 1.0))
            .unwrap()
            .colorbar(false)
            .contours(
                Contours::new(&grid, Levels::Explicit(levels.clone()))
                    .unwrap()
                    .colormap(Colormap::Jet)
                    .contrast(contrast),
            )
    };
    let img = Image::panel(420, 400, map(Contrast::Auto));
    let (l, t, r, b) = img.frame();
    let drawn = colours(&img, (l + 1, r), (t + 1, b - 1));
    assert!(!drawn.is_empty());
    for c in &drawn {
        assert!(
            contrast_with_white(*c) >= 2.95,
            "{c:?}: {}",
            contrast_with_white(*c)
        );
    }
    // Each drawn colour is its colormap colour scaled in linear light: same hue.
    let raw = Colormap::Jet.sample(levels.len());
    for c in &drawn {
        let hue = |p: [u8; 3]| {
            let q = lab(p);
            q[2].atan2(q[1])
        };
        let close = raw
            .iter()
            .any(|m| (hue([m.0, m.1, m.2]) - hue(*c)).abs() < 0.12);
        assert!(close, "{c:?} keeps no colormap hue");
    }
    // Without the adjustment jet's yellow and cyan fall below 3:1 on white.
    let plain = Image::panel(420, 400, map(Contrast::None));
    let (l, t, r, b) = plain.frame();
    let worst = colours(&plain, (l + 1, r), (t + 1, b - 1))
        .into_iter()
        .map(contrast_with_white)
        .fold(f64::INFINITY, f64::min);
    assert!(worst < 1.5, "{worst}");
}

#[test]
fn outlined_light_lines_have_dark_pixels_beside_them() {
    let f = |x: f64, _y: f64| x;
    let grid = Grid::sample((-1.0, 1.0), (-1.0, 1.0), 40, 40, f).unwrap();
    let yellow = RGBColor(255, 230, 0);
    let map = Map::new((-1.0, 1.0), (-1.0, 1.0)).unwrap().contours(
        Contours::new(&grid, Levels::Explicit(vec![0.0]))
            .unwrap()
            .color(yellow)
            .contrast(Contrast::Outline),
    );
    let img = Image::panel(400, 400, map);
    let (l, t, r, b) = img.frame();
    let row = (t + b) / 2;
    let line: Vec<usize> = (l + 1..r)
        .filter(|&x| img.at(x, row) == [255, 230, 0])
        .collect();
    assert!(!line.is_empty());
    let (first, last) = (line[0], line[line.len() - 1]);
    for x in [first - 1, last + 1] {
        assert!(
            contrast_with_white(img.at(x, row)) > 4.0,
            "{:?}",
            img.at(x, row)
        );
    }
}

#[test]
fn the_diverging_map_is_equally_saturated_on_both_sides() {
    let white = [255, 255, 255];
    let at = |t: f64| {
        let c = Colormap::Diverging.at(t);
        [c.0, c.1, c.2]
    };
    for k in 0..=20 {
        let t = f64::from(k) / 40.0;
        let (lo, hi) = (delta_e(at(t), white), delta_e(at(1.0 - t), white));
        assert!(
            (lo - hi).abs() <= 0.02 * lo.max(hi) + 0.5,
            "t = {t}: {lo} vs {hi}"
        );
        let (a, b) = (lab(at(t)), lab(at(1.0 - t)));
        let chroma = |q: [f64; 3]| q[1].hypot(q[2]);
        assert!((a[0] - b[0]).abs() < 1.0, "lightness at {t}");
        assert!((chroma(a) - chroma(b)).abs() < 1.5, "chroma at {t}");
    }
    // Blue below the middle, red above, white-ish in it.
    let (blue, red) = (at(0.1), at(0.9));
    assert!(blue[2] > blue[0] && red[0] > red[2]);
    assert!(delta_e(at(0.5), white) < 3.0);
}

/// Heat map of f(x, y) = x on [−0.1, 0.6]: lopsided signed data.
fn lopsided(heat: HeatMap) -> Image {
    let map = Map::new((-0.1, 0.6), (0.0, 1.0)).unwrap().heatmap(heat);
    Image::panel(520, 300, map)
}

fn lopsided_grid() -> Grid {
    Grid::sample((-0.1, 0.6), (0.0, 1.0), 71, 11, |x, _| x).unwrap()
}

#[test]
fn a_symmetric_range_puts_zero_at_the_middle_colour() {
    let img = lopsided(
        HeatMap::new(lopsided_grid())
            .colormap(Colormap::Diverging)
            .symmetric(true),
    );
    let (l, t, r, b) = img.frame();
    let y = (t + b) / 2;
    // x = 0 is 1/7 of the way across.
    let x0 = l + ((r - l) as f64 / 7.0).round() as usize;
    let middle = Colormap::Diverging.at(0.5);
    assert!(delta_e(img.at(x0, y), [middle.0, middle.1, middle.2]) < 3.0);
    // The right end is the map's red end; the left, −0.1 on a scale of ±0.6, is
    // 5/12 of the way up the map: equal magnitudes, equal strengths.
    let (end, left) = (
        Colormap::Diverging.at(1.0),
        Colormap::Diverging.at(5.0 / 12.0),
    );
    assert!(delta_e(img.at(r - 1, y), [end.0, end.1, end.2]) < 3.0);
    assert!(delta_e(img.at(l + 1, y), [left.0, left.1, left.2]) < 3.0);
}

#[test]
fn a_centred_scale_shows_both_signs_at_full_strength() {
    let img = lopsided(
        HeatMap::new(lopsided_grid())
            .colormap(Colormap::Diverging)
            .center(0.0),
    );
    let (l, t, r, b) = img.frame();
    let y = (t + b) / 2;
    let (lo, hi) = (Colormap::Diverging.at(0.0), Colormap::Diverging.at(1.0));
    assert!(delta_e(img.at(l + 1, y), [lo.0, lo.1, lo.2]) < 4.0);
    assert!(delta_e(img.at(r - 1, y), [hi.0, hi.1, hi.2]) < 4.0);
    // The two ends are equally far from white, as the map's are.
    let (dl, dr) = (
        delta_e(img.at(l + 1, y), [255, 255, 255]),
        delta_e(img.at(r - 1, y), [255, 255, 255]),
    );
    assert!((dl - dr).abs() < 0.05 * dl.max(dr), "{dl} vs {dr}");
}

#[test]
fn a_categorical_map_draws_only_its_classes_and_lists_those_that_occur() {
    let classes = Grid::sample((-1.0, 1.0), (-1.0, 1.0), 41, 41, |x, y| {
        if x * y > 0.0 { 0.0 } else { 1.0 }
    })
    .unwrap();
    let colours_of = [
        RGBColor(230, 159, 0),
        RGBColor(0, 114, 178),
        RGBColor(0, 158, 115),
    ];
    let map = Map::new((-1.0, 1.0), (-1.0, 1.0))
        .unwrap()
        .heatmap(
            HeatMap::categories(classes, ["same sign", "opposite signs", "never"])
                .category_colors(colours_of.to_vec()),
        )
        .legend(LegendPosition::Auto);
    let img = Image::panel(420, 440, map);
    let (l, t, r, b) = img.frame();
    let inside = colours(&img, (l + 1, r), (t + 1, b - 1));
    let rgb = |c: RGBColor| [c.0, c.1, c.2];
    // Nearest grid point: no blended colour along the class borders.
    assert_eq!(
        inside,
        BTreeSet::from([rgb(colours_of[0]), rgb(colours_of[1])])
    );
    // The legend sits below the plot with a swatch per class that occurs.
    let below = colours(&img, (0, img.w), (b + 30, img.h - 1));
    assert!(below.contains(&rgb(colours_of[0])) && below.contains(&rgb(colours_of[1])));
    assert!(
        !below.contains(&rgb(colours_of[2])),
        "a class that never occurs is listed"
    );
    // No colour bar: nothing coloured right of the plot.
    assert!(colours(&img, (r + 2, img.w), (t, b)).is_empty());
}

#[test]
fn a_coloured_quiver_gets_a_colour_bar() {
    let q = Quiver::sample((-1.0, 1.0), (-1.0, 1.0), 9, 9, |x, y| [x, y])
        .unwrap()
        .color_by_fn(|x, y| x * x + y * y, Colormap::Viridis)
        .label("‖x‖²");
    let img = Image::panel(
        460,
        400,
        Map::new((-1.0, 1.0), (-1.0, 1.0)).unwrap().quiver(q),
    );
    let (_, t, r, b) = img.frame();
    let strip = colours(&img, (r + 2, img.w), (t, b));
    let ends = [Colormap::Viridis.at(0.0), Colormap::Viridis.at(1.0)];
    for e in ends {
        assert!(
            strip.iter().any(|c| delta_e(*c, [e.0, e.1, e.2]) < 3.0),
            "end colour {e:?} not in the bar"
        );
    }
}

/// A 3 × 2 matrix with rows [0, 1, 2] drawn over (−½, 2½) × (−½, ½): with `cells`, each third of
/// the plot is one flat colour, the edge cells included; interpolated, the left third
/// shades from 0's colour towards 1's and the edge half-cells are blank.
#[test]
fn cells_draw_each_entry_as_a_flat_square() {
    let grid = || {
        Grid::from_values(
            (0.0, 2.0),
            (-0.25, 0.25),
            3,
            2,
            vec![0.0, 1.0, 2.0, 0.0, 1.0, 2.0],
        )
        .unwrap()
    };
    let draw = |heat: HeatMap| {
        let map = Map::new((-0.5, 2.5), (-0.5, 0.5)).unwrap().heatmap(heat);
        Image::panel(600, 300, map)
    };
    let cells = draw(HeatMap::new(grid()).colormap(Colormap::Viridis).cells(true));
    let (l, t, r, b) = cells.frame();
    let y = (t + b) / 2;
    let third = (r - l) as f64 / 3.0;
    for k in 0..3 {
        let c = Colormap::Viridis.at(k as f64 / 2.0);
        let x0 = l + (k as f64 * third + 0.15 * third) as usize;
        let x1 = l + (k as f64 * third + 0.85 * third) as usize;
        for x in [x0, x1] {
            assert!(
                delta_e(cells.at(x, y), [c.0, c.1, c.2]) < 3.0,
                "cell {k} at {x}: {:?} vs {:?}, frame {:?}",
                cells.at(x, y),
                c,
                (l, t, r, b)
            );
        }
    }
    // Interpolated, the first cell's two ends differ (and the half-cell beyond the
    // first grid point is blank).
    let smooth = draw(HeatMap::new(grid()).colormap(Colormap::Viridis));
    let (a, c) = (
        smooth.at(l + (0.55 * third) as usize, y),
        smooth.at(l + (0.95 * third) as usize, y),
    );
    assert!(delta_e(a, c) > 5.0);
    assert_eq!(smooth.at(l + (0.2 * third) as usize, y), [255, 255, 255]);
}

/// A 2 × 2 matrix sampled at rows y = 0, 1: drawn with `y_downwards`, row 0 (value 0)
/// fills the top half of the plot and row 1 (value 1) the bottom half; drawn as usual,
/// the other way round.
#[test]
fn y_downwards_puts_the_first_row_at_the_top() {
    let grid = Grid::from_values((0.0, 1.0), (0.0, 1.0), 2, 2, vec![0.0, 0.0, 1.0, 1.0]).unwrap();
    let draw = |down: bool| {
        let heat = HeatMap::new(grid.clone())
            .colormap(Colormap::Viridis)
            .cells(true);
        let map = Map::new((-0.5, 1.5), (-0.5, 1.5))
            .unwrap()
            .heatmap(heat)
            .y_downwards(down);
        Image::panel(400, 400, map)
    };
    let (first, second) = (Colormap::Viridis.at(0.0), Colormap::Viridis.at(1.0));
    for (down, top) in [(true, first), (false, second)] {
        let img = draw(down);
        let (l, t, r, b) = img.frame();
        let x = (l + r) / 2;
        let near_top = t + (b - t) / 5;
        let near_bottom = b - (b - t) / 5;
        let bottom = if top == first { second } else { first };
        assert!(
            delta_e(img.at(x, near_top), [top.0, top.1, top.2]) < 3.0,
            "down {down}"
        );
        assert!(
            delta_e(img.at(x, near_bottom), [bottom.0, bottom.1, bottom.2]) < 3.0,
            "down {down}"
        );
    }
}
