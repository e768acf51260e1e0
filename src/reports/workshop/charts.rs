//! The report's charts, drawn by plotters' SVG backend: horizontal bars, stacked
//! when a bar has several segments, with a label per row, the figure beside each
//! bar, an optional reference line and legend. Shades are one blue hue in four
//! clearly different lightnesses, so they read in greyscale print and for
//! colour-blind readers; every figure is also printed as text.

use plotters::coord::ranged1d::{SegmentValue, SegmentedCoord};
use plotters::coord::types::{RangedCoordf64, RangedCoordu32};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::ApiError;

/// Fills from darkest to lightest (excellent/good .. poor), and the text drawn on each.
pub static SHADES: [RGBColor; 4] = [
    RGBColor(0x0b, 0x3a, 0x6e),
    RGBColor(0x3a, 0x78, 0xb5),
    RGBColor(0x9c, 0xc3, 0xe6),
    RGBColor(0xe8, 0xf1, 0xfa),
];
static ON_SHADE: [RGBColor; 4] = [WHITE, WHITE, BLACK, BLACK];
/// The reference line (vermilion: apart from the blues for every kind of colour vision).
static MARKER: RGBColor = RGBColor(0xc1, 0x4a, 0x00);
static INK: RGBColor = RGBColor(0x22, 0x22, 0x22);

const WIDTH: u32 = 860;
const LABEL_W: u32 = 270;
const NOTE_W: u32 = 130;
const ROW_H: u32 = 40;
const LEGEND_H: u32 = 30;
const FONT: &str = "sans-serif";

/// One part of a bar.
pub struct Segment {
    pub value: f64,
    /// Index into `SHADES`.
    pub shade: usize,
    /// Drawn inside the segment when it fits.
    pub text: String,
}

/// One row: its label, its segments (none for a figure that is not published) and
/// the note after the bar (the figure, or why there is none).
pub struct Bar {
    pub label: String,
    pub segments: Vec<Segment>,
    pub note: String,
}

/// A chart of horizontal bars on `0..max`.
pub struct Chart<'a> {
    pub bars: &'a [Bar],
    pub max: f64,
    pub ticks: usize,
    pub tick_label: &'a dyn Fn(&f64) -> String,
    /// What the x axis measures (`%`), printed under it.
    pub x_desc: &'a str,
    /// A vertical line at a value, with its label.
    pub marker: Option<(f64, String)>,
    /// Shade index and label of each legend entry.
    pub legend: &'a [(usize, String)],
}

fn fail(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(format!("drawing a chart: {e}"))
}

fn style(size: u32, color: &'static RGBColor, h: HPos) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font()).color(color).pos(Pos::new(h, VPos::Center))
}

/// Rough width of `text` at `size` px (the SVG backend cannot measure).
fn text_px(text: &str, size: u32) -> f64 {
    text.chars().count() as f64 * f64::from(size) * 0.55
}

/// The chart as an `<svg>` element.
pub fn hbar_svg(chart: &Chart<'_>) -> Result<String, ApiError> {
    let rows = u32::try_from(chart.bars.len()).map_err(fail)?;
    let legend_h = if chart.legend.is_empty() { 0 } else { LEGEND_H };
    let marker_h = if chart.marker.is_some() { 22 } else { 6 };
    let desc_h = if chart.x_desc.is_empty() { 0 } else { 18 };
    let height = legend_h + marker_h + rows * ROW_H + 34 + desc_h;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let (legend_area, plot_area) = root.split_vertically(legend_h);
        draw_legend(&legend_area, chart.legend)?;
        draw_bars(&plot_area, chart, rows, marker_h)?;
        root.present().map_err(fail)?;
    }
    Ok(svg)
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    legend: &[(usize, String)],
) -> Result<(), ApiError> {
    let mut x = i32::try_from(LABEL_W).map_err(fail)?;
    for (shade, label) in legend {
        let fill = SHADES[*shade % SHADES.len()];
        area.draw(&Rectangle::new([(x, 8), (x + 16, 24)], fill.filled())).map_err(fail)?;
        area.draw(&Rectangle::new([(x, 8), (x + 16, 24)], SHADES[0].stroke_width(1))).map_err(fail)?;
        area.draw(&Text::new(label.clone(), (x + 22, 16), style(16, &INK, HPos::Left))).map_err(fail)?;
        x += 22 + text_px(label, 16) as i32 + 22;
    }
    Ok(())
}

fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    chart: &Chart<'_>,
    rows: u32,
    marker_h: u32,
) -> Result<(), ApiError> {
    let mut ctx = ChartBuilder::on(area)
        .margin_top(marker_h)
        .margin_right(NOTE_W)
        .x_label_area_size(if chart.x_desc.is_empty() { 28 } else { 46 })
        .y_label_area_size(LABEL_W)
        .build_cartesian_2d(0f64..chart.max, (0..rows).into_segmented())
        .map_err(fail)?;
    let n = rows;
    draw_mesh(&mut ctx, chart, n)?;
    // Behind the bars: a reference between them, never over a figure.
    if let Some((value, label)) = &chart.marker {
        draw_marker(&mut ctx, *value, label, n)?;
    }
    let px_per_unit = f64::from(WIDTH - LABEL_W - NOTE_W) / chart.max;
    for (i, bar) in chart.bars.iter().enumerate() {
        let slot = n - 1 - u32::try_from(i).map_err(fail)?;
        draw_bar(&mut ctx, bar, slot, px_per_unit)?;
    }
    Ok(())
}

/// The axes, the value grid and the bars' labels (bar `i` in row `n - 1 - i`).
fn draw_mesh<DB: DrawingBackend>(ctx: &mut Plot<'_, DB>, chart: &Chart<'_>, n: u32) -> Result<(), ApiError> {
    let label_of = |v: &SegmentValue<u32>| match v {
        SegmentValue::CenterOf(i) if *i < n => chart.bars[(n - 1 - i) as usize].label.clone(),
        _ => String::new(),
    };
    ctx.configure_mesh()
        .disable_y_mesh()
        .x_desc(chart.x_desc)
        .axis_desc_style((FONT, 17).into_font().color(&INK))
        .x_labels(chart.ticks)
        .y_labels(n as usize)
        .x_label_formatter(chart.tick_label)
        .y_label_formatter(&label_of)
        .label_style((FONT, 17).into_font().color(&INK))
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(0xd0, 0xd0, 0xd0))
        .axis_style(INK)
        .draw()
        .map_err(fail)
}

/// The chart's coordinates: values across, one segment per row up.
type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, SegmentedCoord<RangedCoordu32>>>;

fn draw_marker<DB: DrawingBackend>(
    ctx: &mut Plot<'_, DB>,
    value: f64,
    label: &str,
    n: u32,
) -> Result<(), ApiError> {
    let line = [(value, SegmentValue::Exact(0)), (value, SegmentValue::Exact(n))];
    ctx.draw_series([PathElement::new(line, MARKER.stroke_width(2))]).map_err(fail)?;
    let tag = EmptyElement::at((value, SegmentValue::Exact(n)))
        + Text::new(label.to_owned(), (0, -10), style(16, &MARKER, HPos::Center));
    ctx.draw_series([tag]).map_err(fail)?;
    Ok(())
}

/// One row: its segments side by side (with their text where it fits), then the note.
fn draw_bar<DB: DrawingBackend>(
    ctx: &mut Plot<'_, DB>,
    bar: &Bar,
    slot: u32,
    px_per_unit: f64,
) -> Result<(), ApiError> {
    let mut x0 = 0.0;
    for seg in &bar.segments {
        let x1 = x0 + seg.value;
        let shade = seg.shade % SHADES.len();
        let corners = [(x0, SegmentValue::Exact(slot)), (x1, SegmentValue::Exact(slot + 1))];
        let mut fill = Rectangle::new(corners.clone(), SHADES[shade].filled());
        fill.set_margin(7, 7, 0, 0);
        let mut edge = Rectangle::new(corners, SHADES[0].stroke_width(1));
        edge.set_margin(7, 7, 0, 0);
        ctx.draw_series([fill, edge]).map_err(fail)?;
        if !seg.text.is_empty() && text_px(&seg.text, 16) + 6.0 < seg.value * px_per_unit {
            let at = ((x0 + x1) / 2.0, SegmentValue::CenterOf(slot));
            ctx.draw_series([Text::new(seg.text.clone(), at, style(16, &ON_SHADE[shade], HPos::Center))])
                .map_err(fail)?;
        }
        x0 = x1;
    }
    let note = EmptyElement::at((x0, SegmentValue::CenterOf(slot)))
        + Text::new(bar.note.clone(), (6, 0), style(17, &INK, HPos::Left));
    ctx.draw_series([note]).map_err(fail)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_one_svg_element_with_its_labels_and_notes_as_text() {
        let bars = [
            Bar {
                label: "Länsi-Suomi".into(),
                segments: vec![Segment { value: 80.0, shade: 0, text: String::new() }],
                note: "80 % (n = 28)".into(),
            },
            Bar { label: "Pohjois-Suomi".into(), segments: vec![], note: "too few answers".into() },
        ];
        let tick = |v: &f64| format!("{v:.0}");
        let chart = Chart {
            bars: &bars,
            max: 100.0,
            ticks: 6,
            tick_label: &tick,
            x_desc: "%",
            marker: Some((50.0, "mean".into())),
            legend: &[],
        };
        let svg = hbar_svg(&chart).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{svg}");
        for text in ["Länsi-Suomi", "Pohjois-Suomi", "80 % (n = 28)", "too few answers", "mean", "\n100\n"] {
            assert!(svg.contains(text), "{text} missing");
        }
        assert_eq!(svg.matches("<svg").count(), 1);
    }
}
