import Foundation

/// One named row of values of a chart; nil is a gap (no figure).
struct ChartSeries: Sendable, Equatable {
    var name: String
    var values: [Double?]
}

/// Bar and line charts as standalone SVG, drawn on the server with no script: a title, a y axis
/// with round ticks and its label, category labels (thinned out when there are many), a
/// legend, and for lines a dash pattern and marker per series so that they stay apart in black
/// and white print. Every text is escaped.
struct SVGChart: Sendable {
    enum Kind: Sendable { case bars, lines }

    var kind: Kind
    /// Unique on its page: the chart's title element is referred to by it.
    var id: String
    var title: String
    var yLabel: String
    var categories: [String]
    var series: [ChartSeries]
    var width = 860
    var height = 340
    /// The y axis from this lower bound (default 0) up; values below it sit on the axis.
    var axisFloor = 0.0
    /// A labelled horizontal line across the plot (a target), dashed in red.
    var referenceLine: (label: String, value: Double)?
    /// Said in the middle of the plot when there is nothing to draw.
    var emptyMessage = "No tickets in this period"

    static let colours = ["#1f5f99", "#d1761d", "#3f8f3f", "#9b3b8f"]
    static let dashes = ["", "7 4", "2 3", "10 3 2 3"]

    private let left = 64.0, right = 20.0, top = 54.0, bottom = 70.0

    init(kind: Kind, id: String, title: String, yLabel: String, categories: [String], series: [ChartSeries]) {
        self.kind = kind
        self.id = id
        self.title = title
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
    }

    /// Round tick values from 0 covering `maximum`: steps of 1, 2 or 5 times a power of ten.
    static func ticks(upTo maximum: Double, target: Int = 5) -> [Double] {
        guard maximum > 0 else { return [0, 1] }
        let rough = maximum / Double(target)
        let power = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        let wholeStep = max(step, maximum >= 1 ? 1 : step)
        var ticks: [Double] = []
        var value = 0.0
        while value < maximum + wholeStep / 2 {
            ticks.append(value)
            value += wholeStep
        }
        if (ticks.last ?? 0) < maximum { ticks.append(value) }
        return ticks
    }

    var svg: String {
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let floor = axisFloor
        let maximum = max((series.flatMap { $0.values.compactMap { $0 } } + [referenceLine?.value].compactMap { $0 }).max() ?? 0, floor)
        let ticks = Self.ticks(upTo: maximum - floor).map { $0 + floor }
        let span = (ticks.last ?? floor + 1) - floor
        func y(_ value: Double) -> Double { self.top + plotHeight - (span > 0 ? (max(value, floor) - floor) / span : 0) * plotHeight }
        let slot = categories.isEmpty ? plotWidth : plotWidth / Double(categories.count)
        func x(_ index: Int) -> Double { left + slot * (Double(index) + 0.5) }

        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" role="img" \
        aria-labelledby="\(id)-title" class="chart" font-family="system-ui, sans-serif" font-size="12">
        <title id="\(id)-title">\(Self.escape(title))</title>
        <rect x="0" y="0" width="\(width)" height="\(height)" fill="#ffffff"/>
        <text x="\(Int(left))" y="20" font-size="15" font-weight="600" fill="#1b1b1b">\(Self.escape(title))</text>

        """
        // Grid and y axis.
        for tick in ticks {
            let position = Self.format(y(tick))
            out += "<line x1=\"\(Int(left))\" x2=\"\(Int(left + plotWidth))\" y1=\"\(position)\" y2=\"\(position)\" stroke=\"#d9d9d9\"/>\n"
            out += "<text x=\"\(Int(left) - 6)\" y=\"\(position)\" text-anchor=\"end\" dominant-baseline=\"middle\" fill=\"#333\">"
                + "\(Self.format(tick))</text>\n"
        }
        out += "<line x1=\"\(Int(left))\" x2=\"\(Int(left))\" y1=\"\(Int(self.top))\" y2=\"\(Int(self.top + plotHeight))\" stroke=\"#333\"/>\n"
        out += "<line x1=\"\(Int(left))\" x2=\"\(Int(left + plotWidth))\" y1=\"\(Int(self.top + plotHeight))\" y2=\"\(Int(self.top + plotHeight))\" stroke=\"#333\"/>\n"
        out += "<text transform=\"translate(16 \(Int(self.top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" fill=\"#333\">"
            + "\(Self.escape(yLabel))</text>\n"
        // Category labels, at most about 18 of them.
        let every = max(1, Int(ceil(Double(categories.count) / 18)))
        let rotate = categories.count > 8
        for (index, label) in categories.enumerated() where index % every == 0 {
            let labelY = Int(self.top + plotHeight + 16)
            if rotate {
                out += "<text transform=\"translate(\(Self.format(x(index))) \(labelY)) rotate(-40)\" text-anchor=\"end\" fill=\"#333\">"
                    + "\(Self.escape(label))</text>\n"
            } else {
                out += "<text x=\"\(Self.format(x(index)))\" y=\"\(labelY)\" text-anchor=\"middle\" fill=\"#333\">\(Self.escape(label))</text>\n"
            }
        }
        // The data.
        switch kind {
        case .bars:
            let groupWidth = slot * 0.8, barWidth = groupWidth / Double(max(series.count, 1))
            for (number, row) in series.enumerated() {
                let colour = Self.colours[number % Self.colours.count]
                for (index, value) in row.values.enumerated() {
                    guard let value, value > 0, index < categories.count else { continue }
                    let barX = x(index) - groupWidth / 2 + barWidth * Double(number)
                    out += "<rect class=\"bar\" x=\"\(Self.format(barX))\" y=\"\(Self.format(y(value)))\" width=\"\(Self.format(max(barWidth - 1, 1)))\" "
                        + "height=\"\(Self.format(y(0) - y(value)))\" fill=\"\(colour)\"><title>\(Self.escape(categories[index])): "
                        + "\(Self.format(value))</title></rect>\n"
                }
            }
        case .lines:
            for (number, row) in series.enumerated() {
                let colour = Self.colours[number % Self.colours.count], dash = Self.dashes[number % Self.dashes.count]
                var segments: [[String]] = [[]]
                for (index, value) in row.values.enumerated() where index < categories.count {
                    if let value { segments[segments.count - 1].append("\(Self.format(x(index))),\(Self.format(y(value)))") } else { segments.append([]) }
                }
                for points in segments where !points.isEmpty {
                    out += "<polyline class=\"line\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\""
                        + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + " points=\"\(points.joined(separator: " "))\"/>\n"
                }
                if categories.count <= 60 {
                    for (index, value) in row.values.enumerated() where index < categories.count {
                        guard let value else { continue }
                        out += Self.marker(number, x: x(index), y: y(value), colour: colour)
                            + "<title>\(Self.escape(row.name)), \(Self.escape(categories[index])): \(Self.format(value))</title></g>\n"
                    }
                }
            }
        }
        if let referenceLine {
            let lineY = Self.format(y(referenceLine.value))
            out += "<line class=\"reference\" x1=\"\(Int(left))\" x2=\"\(Int(left + plotWidth))\" y1=\"\(lineY)\" y2=\"\(lineY)\" "
                + "stroke=\"#b3261e\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"/>\n"
            out += "<text x=\"\(Int(left + plotWidth) - 4)\" y=\"\(Self.format(y(referenceLine.value) - 5))\" text-anchor=\"end\" fill=\"#b3261e\">"
                + "\(Self.escape(referenceLine.label))</text>\n"
        }
        // Legend, top right.
        var legendX = Double(width) - right
        for (number, row) in series.enumerated().reversed() {
            let colour = Self.colours[number % Self.colours.count]
            let labelWidth = Double(row.name.count) * 7 + 34
            legendX -= labelWidth
            switch kind {
            case .bars:
                out += "<rect x=\"\(Self.format(legendX))\" y=\"31\" width=\"14\" height=\"10\" fill=\"\(colour)\"/>\n"
            case .lines:
                let dash = Self.dashes[number % Self.dashes.count]
                out += "<line x1=\"\(Self.format(legendX - 4))\" x2=\"\(Self.format(legendX + 18))\" y1=\"36\" y2=\"36\" stroke=\"\(colour)\" stroke-width=\"2\""
                    + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "/>\n"
                out += Self.marker(number, x: legendX + 7, y: 36, colour: colour) + "</g>\n"
            }
            out += "<text x=\"\(Self.format(legendX + 22))\" y=\"40\" fill=\"#1b1b1b\">\(Self.escape(row.name))</text>\n"
        }
        if series.allSatisfy({ $0.values.allSatisfy { $0 == nil || $0 == 0 } }) {
            out += "<text x=\"\(Int(left + plotWidth / 2))\" y=\"\(Int(self.top + plotHeight / 2))\" text-anchor=\"middle\" fill=\"#666\">"
                + "\(Self.escape(emptyMessage))</text>\n"
        }
        return out + "</svg>"
    }

    /// A circle, a square, a triangle or a diamond (opened here, closed by the caller after its title).
    private static func marker(_ number: Int, x: Double, y: Double, colour: String) -> String {
        let cx = format(x), cy = format(y)
        switch number % 4 {
        case 0: return "<g class=\"marker\"><circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"3.5\" fill=\"\(colour)\"/>"
        case 1: return "<g class=\"marker\"><rect x=\"\(format(x - 3.5))\" y=\"\(format(y - 3.5))\" width=\"7\" height=\"7\" fill=\"\(colour)\"/>"
        case 2: return "<g class=\"marker\"><path d=\"M\(format(x)) \(format(y - 4.5)) L\(format(x + 4.5)) \(format(y + 3.5)) L\(format(x - 4.5)) \(format(y + 3.5)) Z\" fill=\"\(colour)\"/>"
        default: return "<g class=\"marker\"><path d=\"M\(format(x)) \(format(y - 4.5)) L\(format(x + 4.5)) \(format(y)) L\(format(x)) \(format(y + 4.5)) L\(format(x - 4.5)) \(format(y)) Z\" fill=\"\(colour)\"/>"
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // XML 1.0 has no place for most control characters.
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
