//! The GIF encoder round-trips: decoded frames, composited, equal the frames pushed.

use report::Animation;

/// Decodes a GIF and composites its frames (each a patch with transparency) into
/// full RGB frames.
fn decode(bytes: &[u8]) -> (u16, u16, Vec<Vec<u8>>) {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(bytes).unwrap();
    let (w, h) = (decoder.width(), decoder.height());
    let mut canvas = vec![0u8; usize::from(w) * usize::from(h) * 3];
    let mut frames = Vec::new();
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        let fw = usize::from(frame.width);
        for (j, px) in frame.buffer.chunks_exact(4).enumerate() {
            if px[3] == 0 {
                continue;
            }
            let x = usize::from(frame.left) + j % fw;
            let y = usize::from(frame.top) + j / fw;
            let i = 3 * (y * usize::from(w) + x);
            canvas[i..i + 3].copy_from_slice(&px[..3]);
        }
        frames.push(canvas.clone());
    }
    (w, h, frames)
}

fn moving_dot(w: usize, h: usize, k: usize) -> Vec<u8> {
    let mut rgb = vec![240u8; w * h * 3];
    for (i, px) in rgb.chunks_exact_mut(3).enumerate() {
        let (x, y) = (i % w, i / w);
        // A static two-colour background with a red 2×2 dot moving right.
        if y < h / 2 {
            px.copy_from_slice(&[30, 60, 200]);
        }
        if (x == 2 + 3 * k || x == 3 + 3 * k) && (y == 4 || y == 5) {
            px.copy_from_slice(&[220, 20, 20]);
        }
    }
    rgb
}

#[test]
fn few_colours_round_trip_exactly_with_only_changed_pixels() {
    let (w, h) = (24, 10);
    let mut anim = Animation::new(w as u32, h as u32, 5).unwrap();
    let frames: Vec<Vec<u8>> = (0..5).map(|k| moving_dot(w, h, k)).collect();
    for f in &frames {
        anim.push_rgb(f).unwrap();
    }
    // A repeated frame lengthens the previous one instead of adding a frame.
    anim.push_rgb(&frames[4]).unwrap();
    assert_eq!(anim.len(), 5);
    let mut bytes = Vec::new();
    anim.write_to(&mut bytes).unwrap();
    let (dw, dh, decoded) = decode(&bytes);
    assert_eq!((usize::from(dw), usize::from(dh)), (w, h));
    assert_eq!(decoded.len(), 5);
    for (k, (a, b)) in frames.iter().zip(&decoded).enumerate() {
        assert!(a == b, "frame {k} differs");
    }
    // Frames after the first cover only the dot's old and new places.
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let mut decoder = options.read_info(bytes.as_slice()).unwrap();
    let mut sizes = Vec::new();
    let mut delays = Vec::new();
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        sizes.push((frame.width, frame.height));
        delays.push(frame.delay);
    }
    assert_eq!(sizes[0], (24, 10));
    assert!(sizes[1..].iter().all(|&s| s == (5, 2)), "{sizes:?}");
    assert_eq!(delays, vec![5, 5, 5, 5, 10]);
}

#[test]
fn many_colours_are_quantised_to_one_close_palette() {
    // A smooth 64×48 gradient (3 072 colours) with a moving bar: more than 255 colours.
    let (w, h) = (64usize, 48usize);
    let frame = |k: usize| {
        let mut rgb = Vec::with_capacity(w * h * 3);
        for y in 0..h {
            for x in 0..w {
                let bar = x / 4 == k;
                rgb.extend_from_slice(&if bar {
                    [0, 0, 0]
                } else {
                    [(4 * x) as u8, (5 * y) as u8, (255 - 2 * x) as u8]
                });
            }
        }
        rgb
    };
    let mut anim = Animation::new(w as u32, h as u32, 4).unwrap();
    let frames: Vec<Vec<u8>> = (0..4).map(frame).collect();
    for f in &frames {
        anim.push_rgb(f).unwrap();
    }
    let mut bytes = Vec::new();
    anim.write_to(&mut bytes).unwrap();
    let (_, _, decoded) = decode(&bytes);
    assert_eq!(decoded.len(), 4);
    for (a, b) in frames.iter().zip(&decoded) {
        let worst = a
            .iter()
            .zip(b)
            .map(|(p, q)| (i32::from(*p) - i32::from(*q)).abs())
            .max()
            .unwrap();
        let mean = a
            .iter()
            .zip(b)
            .map(|(p, q)| f64::from((i32::from(*p) - i32::from(*q)).abs()))
            .sum::<f64>()
            / a.len() as f64;
        assert!(worst <= 24, "worst channel error {worst}");
        assert!(mean <= 4.0, "mean channel error {mean}");
    }
}

#[test]
fn wrong_sizes_are_errors() {
    assert!(Animation::new(0, 10, 1).is_err());
    assert!(Animation::new(70_000, 10, 1).is_err());
    let mut anim = Animation::new(4, 4, 1).unwrap();
    assert!(anim.push_rgb(&[0; 10]).is_err());
}

#[test]
fn animating_a_marker_over_a_heat_map_stores_little_more_than_one_frame() {
    use report::plotters::style::WHITE;
    use report::{Figure, Grid, HeatMap, Map, Marker, MarkerShape};
    let grid = Grid::sample((-2.0, 2.0), (-2.0, 2.0), 60, 60, |x, y| {
        (x * y).sin() + 0.3 * x
    })
    .unwrap();
    let (w, h) = (320, 280);
    let frame = |k: u32| {
        let t = f64::from(k) / 11.0;
        let map = Map::new((-2.0, 2.0), (-2.0, 2.0))
            .unwrap()
            .heatmap(HeatMap::new(grid.clone()))
            .marker(Marker::new(MarkerShape::Circle, (-1.5 + 3.0 * t, 1.0 - 2.0 * t)).color(WHITE));
        Figure::new(w, h).unwrap().panel(map)
    };
    let mut one = Animation::new(w, h, 10).unwrap();
    one.push_figure(&frame(0)).unwrap();
    let mut single = Vec::new();
    one.write_to(&mut single).unwrap();

    let mut anim = Animation::new(w, h, 10).unwrap();
    for k in 0..12 {
        anim.push_figure(&frame(k)).unwrap();
    }
    let mut bytes = Vec::new();
    anim.write_to(&mut bytes).unwrap();
    let (_, _, decoded) = decode(&bytes);
    assert_eq!(decoded.len(), 12);
    // Twelve full frames would take about twelve times one frame; the eleven
    // differences (a moving 10-px disc) add a few percent.
    assert!(
        bytes.len() < single.len() * 13 / 10,
        "{} vs {} bytes",
        bytes.len(),
        single.len()
    );
    // The last decoded frame is the last rendered one, up to the palette.
    let last = frame(11).render().unwrap();
    let mean_error = last
        .iter()
        .zip(&decoded[11])
        .map(|(p, q)| f64::from((i32::from(*p) - i32::from(*q)).abs()))
        .sum::<f64>()
        / last.len() as f64;
    assert!(mean_error < 2.0, "{mean_error}");
}

#[test]
fn a_hundred_frames_over_a_heat_map_stay_under_one_and_a_half_megabytes() {
    use report::plotters::style::WHITE;
    use report::{Figure, Grid, HeatMap, Map, Marker, MarkerShape};
    // The catalogue's animations: 640 × 560, a heat map with its colour bar, a title
    // that changes every frame and points that move.
    let grid = Grid::sample((-3.0, 3.0), (-3.0, 3.0), 100, 100, |x, y| {
        -(-((x - 1.0).powi(2) + y * y)).exp()
            - 0.5 * (-((x + 1.0).powi(2) + (y - 1.0).powi(2)) / 0.5).exp()
    })
    .unwrap();
    let mut anim = Animation::new(640, 560, 8).unwrap();
    for k in 0..100 {
        let t = f64::from(k) / 99.0;
        let mut map = Map::new((-3.0, 3.0), (-3.0, 3.0))
            .unwrap()
            .title(format!("iteration {}", 10 * k))
            .heatmap(HeatMap::new(grid.clone()).label("f"));
        for j in 0..10 {
            let a = f64::from(j) * 0.628 + 2.0 * t;
            let r = 2.5 * (1.0 - t);
            map = map.marker(
                Marker::new(MarkerShape::Circle, (1.0 + r * a.cos(), r * a.sin()))
                    .color(WHITE)
                    .size(6),
            );
        }
        anim.push_figure(&Figure::new(640, 560).unwrap().panel(map))
            .unwrap();
    }
    assert_eq!(anim.len(), 100);
    let mut bytes = Vec::new();
    anim.write_to(&mut bytes).unwrap();
    println!("100 frames: {} bytes", bytes.len());
    assert!(bytes.len() < 1_500_000, "{} bytes", bytes.len());
    let (_, _, frames) = decode(&bytes);
    assert_eq!(frames.len(), 100);
}
