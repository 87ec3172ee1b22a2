//! Contour lines land where the function takes the level value.

use report::{Grid, Levels, contour_lines};

/// Worst |‖p‖ − r| over the points of the contour of x² + y² at r², in cells.
fn radial_error_in_cells(n: usize, r: f64) -> (f64, usize) {
    let grid = Grid::sample((-2.0, 2.0), (-2.0, 2.0), n, n, |x, y| x * x + y * y).unwrap();
    let cell = 4.0 / (n - 1) as f64;
    let lines = contour_lines(&grid, &[r * r]).unwrap();
    let points: Vec<(f64, f64)> = lines[0].polylines.iter().flatten().copied().collect();
    let worst = points
        .iter()
        .map(|(x, y)| (x.hypot(*y) - r).abs())
        .fold(0.0, f64::max);
    (worst / cell, points.len())
}

#[test]
fn circle_contour_lies_on_the_circle_within_a_fraction_of_a_cell() {
    for (n, r) in [(41, 1.0), (101, 1.0), (100, 1.3), (61, 0.5)] {
        let (err, count) = radial_error_in_cells(n, r);
        // Linear interpolation of r² along an edge errs by O(cell²/r); a half-cell
        // shift would show up as an error near 0.5 (0.7 on diagonals).
        assert!(err < 0.05, "n = {n}, r = {r}: error {err} cells");
        assert!(count > 20, "n = {n}: only {count} points");
    }
}

#[test]
fn the_contour_crate_alone_is_half_a_cell_off() {
    // The pitfall `contour_lines` corrects: with the grid's own origin, the raw
    // contour crate puts sample i at x₀ + (i + ½)Δx.
    let n = 101;
    let grid = Grid::sample((-2.0, 2.0), (-2.0, 2.0), n, n, |x, y| x * x + y * y).unwrap();
    let cell = 4.0 / (n - 1) as f64;
    let naive = contour::ContourBuilder::new(n, n, true)
        .x_origin(-2.0)
        .y_origin(-2.0)
        .x_step(cell)
        .y_step(cell)
        .lines(grid.values(), &[1.0])
        .unwrap();
    let (geometry, _) = naive.into_iter().next().unwrap().into_inner();
    // Leave out the ring along the grid's border.
    let points: Vec<(f64, f64)> = geometry
        .0
        .iter()
        .flat_map(|l| l.0.iter().map(|p| (p.x, p.y)))
        .filter(|p| p.0.hypot(p.1) < 1.5)
        .collect();
    let worst_from = |cx: f64, cy: f64| {
        points
            .iter()
            .map(|(x, y)| ((x - cx).hypot(y - cy) - 1.0).abs() / cell)
            .fold(0.0, f64::max)
    };
    // Centred on (½, ½) cell the circle fits; centred on the origin it misses.
    assert!(worst_from(0.5 * cell, 0.5 * cell) < 0.05);
    assert!(worst_from(0.0, 0.0) > 0.5, "{}", worst_from(0.0, 0.0));
}

#[test]
fn every_crossing_is_interpolated_to_the_level() {
    // On a linear function, linear interpolation is exact: f(p) = level at every point.
    let f = |x: f64, y: f64| 2.0 * x - y;
    let grid = Grid::sample((0.0, 1.0), (0.0, 1.0), 11, 7, f).unwrap();
    for line in contour_lines(&grid, &[-0.3, 0.5, 1.2]).unwrap() {
        assert!(!line.polylines.is_empty());
        for &(x, y) in line.polylines.iter().flatten() {
            assert!(
                (f(x, y) - line.level).abs() < 1e-12,
                "f({x}, {y}) != {}",
                line.level
            );
        }
    }
}

#[test]
fn lines_leaving_the_grid_end_on_its_edge_and_do_not_follow_it() {
    // x² + y² = 1 on [0, 2]²: a quarter circle from (1, 0) to (0, 1), one piece.
    let grid = Grid::sample((0.0, 2.0), (0.0, 2.0), 81, 81, |x, y| x * x + y * y).unwrap();
    let lines = contour_lines(&grid, &[1.0]).unwrap();
    let pieces = &lines[0].polylines;
    assert_eq!(pieces.len(), 1, "{pieces:?}");
    let piece = &pieces[0];
    let (a, b) = (piece[0], piece[piece.len() - 1]);
    let ends = if a.0 > b.0 { [a, b] } else { [b, a] };
    assert!(
        (ends[0].0 - 1.0).abs() < 1e-3 && ends[0].1.abs() < 1e-12,
        "{:?}",
        ends[0]
    );
    assert!(
        ends[1].0.abs() < 1e-12 && (ends[1].1 - 1.0).abs() < 1e-3,
        "{:?}",
        ends[1]
    );
    for &(x, y) in piece {
        assert!((0.0..=2.0).contains(&x) && (0.0..=2.0).contains(&y));
    }
}

#[test]
fn closed_contours_are_closed_rings() {
    let grid = Grid::sample((-2.0, 2.0), (-2.0, 2.0), 50, 50, |x, y| x * x + 3.0 * y * y).unwrap();
    let lines = contour_lines(&grid, &[0.5, 1.0, 2.0]).unwrap();
    for line in &lines {
        assert_eq!(line.polylines.len(), 1);
        let ring = &line.polylines[0];
        assert_eq!(ring[0], ring[ring.len() - 1]);
    }
}

#[test]
fn auto_levels_are_round_and_cover_the_data() {
    let levels = Levels::Auto(10).resolve(-0.93, 0.05);
    assert_eq!(levels.first(), Some(&-1.0));
    assert_eq!(levels.last(), Some(&0.1));
    for pair in levels.windows(2) {
        assert!((pair[1] - pair[0] - 0.1).abs() < 1e-12, "{levels:?}");
    }
    assert_eq!(
        Levels::Auto(4).resolve(0.0, 100.0),
        vec![0.0, 25.0, 50.0, 75.0, 100.0]
    );
}
