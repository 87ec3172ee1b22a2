//! Marks on a plot: hollow markers show what they mark, numbers never cover points,
//! and many faint lines stay faint where they overlap.

mod common;

use common::Image;
use report::plotters::style::{Color, RGBColor};
use report::{
    Contours, Grid, Levels, LinePlot, Map, Marker, MarkerShape, Path, Scatter, Series, bundle,
};

/// The darkest red, green or blue channel (`ch`) inside the frame, away from the
/// grid lines of `bare` (the same layout without the lines: a line crossing a grid
/// line blends with its grey).
fn darkest(img: &Image, bare: &Image, ch: usize) -> u8 {
    let (l, t, r, b) = img.frame();
    let mut m = 255u8;
    for y in t + 1..b {
        for x in l + 1..r {
            if bare.at(x, y) == [255, 255, 255] {
                m = m.min(img.at(x, y)[ch]);
            }
        }
    }
    m
}

/// A map with a tiny contour loop (about 8 px across) around the origin.
fn loop_map() -> Map {
    let grid = Grid::sample((-1.0, 1.0), (-1.0, 1.0), 201, 201, |x, y| x * x + y * y).unwrap();
    Map::new((-1.0, 1.0), (-1.0, 1.0))
        .unwrap()
        .colorbar(false)
        .contours(
            Contours::new(&grid, Levels::Explicit(vec![0.0004]))
                .unwrap()
                .color(RGBColor(0, 0, 200))
                .width(1),
        )
}

fn loop_pixels(img: &Image) -> usize {
    img.rgb
        .chunks_exact(3)
        .filter(|p| p == &[0, 0, 200])
        .count()
}

#[test]
fn a_hollow_marker_shows_the_loop_it_sits_in() {
    let bare = Image::panel(420, 420, loop_map());
    let all = loop_pixels(&bare);
    assert!(all > 15, "{all}");
    let cross = |hollow| {
        Marker::new(MarkerShape::Cross, (0.0, 0.0))
            .size(16)
            .color(RGBColor(200, 0, 0))
            .hollow(hollow)
    };
    let filled = Image::panel(420, 420, loop_map().marker(cross(false)));
    let open = Image::panel(420, 420, loop_map().marker(cross(true)));
    // The filled cross covers the loop where its arms cross it; the open one, whose
    // arms start outside the loop, covers none of it.
    assert!(
        loop_pixels(&filled) < all,
        "{} of {all}",
        loop_pixels(&filled)
    );
    assert_eq!(loop_pixels(&open), all);
    // A hollow circle around the loop covers none of it either.
    let ring = Marker::new(MarkerShape::Circle, (0.0, 0.0))
        .size(20)
        .hollow(true);
    assert_eq!(
        loop_pixels(&Image::panel(420, 420, loop_map().marker(ring))),
        all
    );
}

#[test]
fn numbers_never_cover_the_points_they_label() {
    // 60 points spiralling into the origin: their numbers would pile up.
    let points: Vec<(f64, f64)> = (0..60)
        .map(|k| {
            let r = 0.9 * 0.93f64.powi(k);
            let a = 0.5 * f64::from(k);
            (r * a.cos(), r * a.sin())
        })
        .collect();
    let red = RGBColor(214, 39, 40);
    let scatter = |numbered| {
        Map::new((-1.0, 1.0), (-1.0, 1.0))
            .unwrap()
            .scatter(Scatter::new(points.clone()).color(red).numbered(numbered))
    };
    let bare = Image::panel(460, 460, scatter(false));
    let numbered = Image::panel(460, 460, scatter(true));
    // Every pixel of every point, anti-aliased edges included.
    let (l, t, r, b) = bare.frame();
    let point_px: Vec<(usize, usize)> = (t + 1..b)
        .flat_map(|y| (l + 1..r).map(move |x| (x, y)))
        .filter(|&(x, y)| bare.at(x, y) != [255, 255, 255] && bare.at(x, y) != [225, 225, 225])
        .collect();
    assert!(point_px.len() > 60 * 20, "{}", point_px.len());
    for &(x, y) in &point_px {
        assert_eq!(
            numbered.at(x, y),
            bare.at(x, y),
            "a number covers a point at ({x}, {y})"
        );
    }
    // Some numbers were written (dark text pixels away from the points).
    let text = (0..numbered.h)
        .flat_map(|y| (0..numbered.w).map(move |x| (x, y)))
        .filter(|&(x, y)| numbered.at(x, y) != bare.at(x, y))
        .count();
    assert!(text > 1000, "{text}");
}

#[test]
fn numbered_iterates_of_a_path_keep_their_dots_visible() {
    let points: Vec<(f64, f64)> = (0..40).map(|k| (0.9 * 0.85f64.powi(k), 0.0)).collect();
    let path = |numbered| {
        Map::new((-0.1, 1.0), (-0.5, 0.5))
            .unwrap()
            .path(Path::new(points.clone()).markers(true).numbered(numbered))
    };
    let bare = Image::panel(500, 300, path(false));
    let numbered = Image::panel(500, 300, path(true));
    for y in 0..bare.h {
        for x in 0..bare.w {
            if bare.at(x, y) == [214, 39, 40] {
                assert_eq!(numbered.at(x, y), [214, 39, 40], "({x}, {y})");
            }
        }
    }
}

#[test]
fn a_hundred_faint_lines_stay_faint_where_they_overlap() {
    // 100 identical curves: every pixel of the line is crossed by all of them.
    let curves = vec![vec![5.0, 4.0, 3.0, 2.5, 2.0, 1.8, 1.6]; 100];
    let mut series = bundle(&curves);
    let mean = series.pop().unwrap();
    assert_eq!(mean.len(), 7);
    let faint = Image::panel(480, 360, LinePlot::new().extend(series.clone()));
    let one = Image::panel(480, 360, LinePlot::new().extend(series[..1].to_vec()));
    let invisible = Series::new(curves[0].clone()).color(RGBColor(0, 0, 0).mix(0.0));
    let bare = Image::panel(480, 360, LinePlot::new().series(invisible));
    // One faint line: 255 − α·(255 − 90). All hundred: at most three lines' worth.
    let (d1, d100) = (darkest(&one, &bare, 0), darkest(&faint, &bare, 0));
    assert!((235..255).contains(&d1), "{d1}");
    assert!(d100 >= 210, "overlapping faint lines reach {d100}");
    assert!(d100 < d1, "overlaps still read a little darker");
    // Drawn one by one (a distinct alpha each, so they are not grouped) they darken
    // into a near-black line.
    let one_by_one: Vec<Series> = (0..100)
        .map(|k| {
            Series::new(curves[0].clone())
                .color(RGBColor(90, 90, 90).mix(0.08 + 1e-4 * f64::from(k)))
                .width(1)
        })
        .collect();
    let dark = Image::panel(480, 360, LinePlot::new().extend(one_by_one));
    let d = darkest(&dark, &bare, 0);
    assert!(d < 110, "{d}");
}

#[test]
fn faint_trajectories_on_a_map_stay_faint_where_they_converge() {
    let runs: Vec<Vec<(f64, f64)>> = (0..100)
        .map(|k| {
            let a = f64::from(k) * 0.0628;
            (0..50)
                .map(|j| {
                    let r = 0.9 * 0.9f64.powi(j);
                    (r * a.cos(), r * a.sin())
                })
                .collect()
        })
        .collect();
    let mut map = Map::new((-1.0, 1.0), (-1.0, 1.0)).unwrap();
    let bare = Image::panel(420, 420, map.clone());
    for r in &runs {
        map = map.path(
            Path::new(r.clone())
                .color(RGBColor(214, 39, 40).mix(0.45))
                .width(1)
                .endpoints(false),
        );
    }
    let img = Image::panel(420, 420, map);
    // Where all hundred meet, the red is that of at most three overlapping lines.
    let cap = 1.0 - (1.0 - 0.45f64).powi(3);
    let expected_g = 255.0 - cap * (255.0 - 39.0);
    let darkest_g = darkest(&img, &bare, 1);
    assert!(
        f64::from(darkest_g) >= expected_g - 2.0,
        "{darkest_g} vs {expected_g}"
    );
}
