//! Bar charts drawn on the server as SVG (`templates/staff/chart.html`): no script, no image
//! request, styled by `static/staff.css`. Each chart is an image with a caption and a one-line
//! summary for screen readers; the page puts the same numbers in a table beside it.

/// A bar chart, laid out in SVG user units.
pub struct ChartView {
    /// Prefix of the element ids (`days`, `positions`).
    pub id: &'static str,
    /// The figure's caption.
    pub caption: String,
    /// What the chart shows, in one sentence (the SVG's description).
    pub summary: String,
    /// The view box's width.
    pub width: f64,
    /// The view box's height.
    pub height: f64,
    /// Where the plot starts (after the value labels).
    pub left: f64,
    /// Where the plot ends.
    pub right: f64,
    /// The baseline.
    pub bottom: f64,
    /// One bar per value, in order.
    pub bars: Vec<Bar>,
    /// Value gridlines with their labels: 0, half and the top of the scale.
    pub y_ticks: Vec<Tick>,
    /// Labels under the bars (not every bar of a long series has one).
    pub x_ticks: Vec<Tick>,
}

/// One bar.
pub struct Bar {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// Its tooltip: label and value.
    pub title: String,
}

/// A label at a place on an axis.
pub struct Tick {
    /// Where (y for values, x for the bars' labels).
    pub at: f64,
    /// The text.
    pub label: String,
}

/// One value of a chart: the label under its bar, the value, and the bar's tooltip.
pub struct Point {
    /// The bar's label (a day, a position).
    pub label: String,
    /// Its value.
    pub value: u64,
    /// Its tooltip.
    pub title: String,
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 712.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 196.0;
/// Most labels under the bars: enough to read dates, few enough not to overlap.
const X_LABELS: usize = 6;

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The smallest 1, 2 or 5 × 10ⁿ at or above `max` (at least 1): the top of the scale.
fn nice(max: u64) -> u64 {
    let mut step = 1u64;
    loop {
        for m in [1, 2, 5] {
            if step.saturating_mul(m) >= max {
                return step.saturating_mul(m);
            }
        }
        step = step.saturating_mul(10);
    }
}

/// A bar chart of `points`; `format` writes the values on the scale.
pub fn bars(
    id: &'static str,
    caption: String,
    summary: String,
    points: &[Point],
    format: impl Fn(u64) -> String,
) -> ChartView {
    let top = nice(points.iter().map(|p| p.value).max().unwrap_or(0));
    let span = BOTTOM - TOP;
    let n = points.len().max(1);
    let slot = (RIGHT - LEFT) / n as f64;
    let gap = if n > 60 { 0.0 } else { slot * 0.15 };
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let h = round(p.value as f64 / top as f64 * span);
            Bar {
                x: round(LEFT + i as f64 * slot + gap / 2.0),
                y: round(BOTTOM - h),
                w: round((slot - gap).max(0.5)),
                h,
                title: p.title.clone(),
            }
        })
        .collect();
    // The middle line only where it is a whole number: 0, 25, 50 but 0, 5 (not 0, 2, 5).
    let y_ticks = [0, top / 2, top]
        .into_iter()
        .filter(|&v| v == 0 || v == top || top.is_multiple_of(2))
        .map(|v| Tick {
            at: round(BOTTOM - v as f64 / top as f64 * span),
            label: format(v),
        })
        .collect();
    let every = n.div_ceil(X_LABELS).max(1);
    let x_ticks = points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0 || (n <= X_LABELS * 2 && *i + 1 == n))
        .map(|(i, p)| Tick {
            at: round(LEFT + (i as f64 + 0.5) * slot),
            label: p.label.clone(),
        })
        .collect();
    ChartView {
        id,
        caption,
        summary,
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        right: RIGHT,
        bottom: BOTTOM,
        bars,
        y_ticks,
        x_ticks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(values: &[u64]) -> Vec<Point> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| Point {
                label: format!("d{i}"),
                value,
                title: format!("d{i}: {value}"),
            })
            .collect()
    }

    #[test]
    fn the_scale_is_a_round_number_above_the_largest_value() {
        assert_eq!(nice(0), 1);
        assert_eq!(nice(1), 1);
        assert_eq!(nice(3), 5);
        assert_eq!(nice(7), 10);
        assert_eq!(nice(12), 20);
        assert_eq!(nice(4100), 5000);
    }

    #[test]
    fn bars_stand_on_the_baseline_in_proportion_to_their_values() {
        let chart = bars("t", "c".into(), "s".into(), &points(&[0, 5, 10]), |v| {
            v.to_string()
        });
        assert_eq!(chart.bars.len(), 3);
        assert_eq!(chart.bars[0].h, 0.0);
        assert_eq!(
            chart.bars[2].h,
            BOTTOM - TOP,
            "10 is the top of a scale of 10"
        );
        assert_eq!(chart.bars[1].h * 2.0, chart.bars[2].h);
        for b in &chart.bars {
            assert_eq!(b.y + b.h, BOTTOM);
            assert!(b.x >= LEFT && b.x + b.w <= RIGHT + 0.01);
        }
        let labels: Vec<&str> = chart.y_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["0", "5", "10"]);
        let small = bars("t", "c".into(), "s".into(), &points(&[4, 1]), |v| {
            v.to_string()
        });
        let labels: Vec<&str> = small.y_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["0", "5"], "no line at 2 on a scale of 5");
    }

    #[test]
    fn a_long_series_labels_only_a_few_bars() {
        let chart = bars("t", "c".into(), "s".into(), &points(&[1; 395]), |v| {
            v.to_string()
        });
        assert_eq!(chart.bars.len(), 395);
        assert!(
            chart.x_ticks.len() <= X_LABELS + 1,
            "{}",
            chart.x_ticks.len()
        );
        assert_eq!(chart.x_ticks[0].label, "d0");
    }
}
