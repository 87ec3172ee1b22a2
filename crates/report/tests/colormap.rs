//! Colormap endpoints and shape.

use report::Colormap;
use report::plotters::style::RGBColor;

#[test]
fn endpoints_match_matplotlib() {
    // matplotlib: jet(0) = (0, 0, 0.5), jet(1) = (0.5, 0, 0); viridis table ends.
    assert_eq!(Colormap::Jet.at(0.0), RGBColor(0, 0, 128));
    assert_eq!(Colormap::Jet.at(1.0), RGBColor(128, 0, 0));
    assert_eq!(Colormap::Jet.at(0.5), RGBColor(128, 255, 128));
    assert_eq!(Colormap::Viridis.at(0.0), RGBColor(68, 1, 84));
    assert_eq!(Colormap::Viridis.at(1.0), RGBColor(253, 231, 37));
    // viridis(0.5) is table entry 127.5: (0.128729..0.127568, 0.563265..0.566949, …).
    let RGBColor(r, g, b) = Colormap::Viridis.at(0.5);
    assert!(
        (i32::from(r) - 33).abs() <= 1
            && (i32::from(g) - 144).abs() <= 1
            && (i32::from(b) - 140).abs() <= 1
    );
    assert_eq!(Colormap::Diverging.at(0.5), RGBColor(247, 247, 247));
}

#[test]
fn out_of_range_is_clamped_and_nan_is_grey() {
    for map in [
        Colormap::Jet,
        Colormap::Viridis,
        Colormap::Diverging,
        Colormap::Greys,
    ] {
        assert_eq!(map.at(-3.0), map.at(0.0));
        assert_eq!(map.at(7.0), map.at(1.0));
        assert_eq!(map.at(f64::NAN), RGBColor(128, 128, 128));
    }
}

#[test]
fn viridis_gets_lighter_monotonically() {
    let lum =
        |c: RGBColor| 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
    let samples = Colormap::Viridis.sample(101);
    for pair in samples.windows(2) {
        assert!(lum(pair[1]) >= lum(pair[0]) - 0.5, "{pair:?}");
    }
    assert_eq!(Colormap::Jet.sample(3).len(), 3);
}
