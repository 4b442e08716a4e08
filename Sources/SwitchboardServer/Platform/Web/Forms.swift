import Foundation
import SwitchboardCore

/// Labelled form fields that keep the entered value and show the field's messages next to it.
enum Forms {
    struct Option {
        var value: String
        var label: String
    }

    static func errors(_ messages: [String]?, for id: String) -> Markup {
        guard let messages, !messages.isEmpty else { return group([]) }
        return el("p", [cls("field-error"), Attr("id", "\(id)-error"), Attr("role", "alert")], text(messages.joined(separator: " ")))
    }

    private static func describedBy(_ id: String, _ messages: [String]?) -> [Attr?] {
        guard let messages, !messages.isEmpty else { return [] }
        return [Attr("aria-describedby", "\(id)-error"), Attr("aria-invalid", "true")]
    }

    static func field(
        _ label: String, name: String, value: String? = nil, type: String = "text", required: Bool = false,
        errors messages: [String]? = nil, hint: String? = nil, attributes: [Attr?] = [], id: String? = nil
    ) -> Markup {
        let id = id ?? "field-\(name)"
        return el("div", [cls(messages == nil ? "field" : "field has-error")],
                  el("label", [Attr("for", id)], text(label), required ? el("span", [cls("required"), Attr("aria-hidden", "true")], text(" *")) : group([])),
                  void("input", [Attr("type", type), Attr("id", id), Attr("name", name), value.map { Attr("value", $0) }, .flag("required", required)]
                       + describedBy(id, messages) + attributes),
                  hint.map { el("p", [cls("hint")], text($0)) } ?? group([]),
                  errors(messages, for: id))
    }

    static func textArea(
        _ label: String, name: String, value: String? = nil, required: Bool = false, rows: Int = 6, errors messages: [String]? = nil, id: String? = nil
    ) -> Markup {
        let id = id ?? "field-\(name)"
        return el("div", [cls(messages == nil ? "field" : "field has-error")],
                  el("label", [Attr("for", id)], text(label), required ? el("span", [cls("required"), Attr("aria-hidden", "true")], text(" *")) : group([])),
                  el("textarea", [Attr("id", id), Attr("name", name), Attr("rows", String(rows)), .flag("required", required)] + describedBy(id, messages),
                     text(value ?? "")),
                  errors(messages, for: id))
    }

    static func select(
        _ label: String, name: String, options: [Option], selected: String?, includeBlank: String? = nil,
        errors messages: [String]? = nil, groups: [(String, [Option])] = [], id: String? = nil
    ) -> Markup {
        select(label, name: name, options: options, selectedValues: selected.map { [$0] } ?? [], includeBlank: includeBlank,
               errors: messages, groups: groups, multiple: false, id: id)
    }

    /// A select; with `multiple`, several values may be chosen (the browser sends each one).
    static func select(
        _ label: String, name: String, options: [Option], selectedValues: Set<String>, includeBlank: String? = nil,
        errors messages: [String]? = nil, groups: [(String, [Option])] = [], multiple: Bool, id: String? = nil
    ) -> Markup {
        let id = id ?? "field-\(name)"
        func optionNodes(_ options: [Option]) -> [Markup] {
            options.map { el("option", [Attr("value", $0.value), .flag("selected", selectedValues.contains($0.value))], text($0.label)) }
        }
        var children: [Markup] = includeBlank.map { [el("option", [Attr("value", "")], text($0))] } ?? []
        children += optionNodes(options)
        for (groupLabel, groupOptions) in groups {
            children.append(el("optgroup", [Attr("label", groupLabel)], optionNodes(groupOptions)))
        }
        return el("div", [cls(messages == nil ? "field" : "field has-error")],
                  el("label", [Attr("for", id)], text(label)),
                  el("select", [Attr("id", id), Attr("name", name), .flag("multiple", multiple),
                                multiple ? Attr("size", String(min(options.count, 5))) : nil] + describedBy(id, messages), children),
                  errors(messages, for: id))
    }

    static func hidden(_ name: String, _ value: String) -> Markup {
        void("input", [Attr("type", "hidden"), Attr("name", name), Attr("value", value)])
    }

    /// `confirm`: a question the browser asks before the form is sent (with the page's script).
    static func submit(_ label: String, kind: String = "primary", confirm: String? = nil) -> Markup {
        el("button", [Attr("type", "submit"), cls("button \(kind)"), confirm.map { Attr("data-confirm", $0) }], text(label))
    }

    /// A POST form with the CSRF token.
    static func post(_ action: String, context: PageContext, multipart: Bool = false, classes: String = "form", id: String? = nil, _ children: [Markup]) -> Markup {
        el("form", [Attr("method", "post"), Attr("action", action), cls(classes),
                    multipart ? Attr("enctype", "multipart/form-data") : nil, id.map { Attr("id", $0) }],
           [Layout.csrfField(context)] + children)
    }

    /// The submitter's choices of mail about the ticket.
    static let notificationModes = [
        Option(value: NotificationMode.everyChange.rawValue, label: "On every change"),
        Option(value: NotificationMode.onSolution.rawValue, label: "Only when it is solved"),
        Option(value: NotificationMode.never.rawValue, label: "Never"),
    ]

    static func options<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> [Option] where E.RawValue == String {
        E.allCases.map { Option(value: $0.rawValue, label: Format.label($0.rawValue)) }
    }

    static func notice(_ message: String?, kind: String = "error") -> Markup {
        guard let message else { return group([]) }
        return el("div", [cls("notice \(kind)"), Attr("role", kind == "error" ? "alert" : "status")], text(message))
    }
}

/// How values read on the pages.
enum Format {
    /// "waiting-for-reply" → "Waiting for reply".
    static func label(_ raw: String) -> String {
        let words = raw.replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "21 Sep 2026, 14:13 UTC". Built from calendar fields: formatters are costly to create
    /// and not safe to share between threads.
    static func absolute(_ date: Date) -> String {
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%d %@ %04d, %02d:%02d UTC", parts.day!, months[parts.month! - 1], parts.year!, parts.hour!, parts.minute!)
    }

    /// "21 Sep 2026, 16:13 Europe/Paris": the instant in a named zone (UTC when it is unknown).
    static func absolute(_ date: Date, zone identifier: String) -> String {
        guard identifier != "UTC", let zone = TimeZone(identifier: identifier) else { return absolute(date) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%d %@ %04d, %02d:%02d %@", parts.day!, months[parts.month! - 1], parts.year!, parts.hour!, parts.minute!, identifier)
    }

    /// "2026-09-21T14:13:20Z".
    static func iso8601(_ date: Date) -> String {
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
    }

    static func relative(_ date: Date, now: Date) -> String {
        let difference = Int(now.timeIntervalSince(date))
        let seconds = abs(difference)
        if seconds < 60 { return "just now" }
        let units: [(Int, String)] = [(86_400 * 365, "year"), (86_400 * 30, "month"), (86_400 * 7, "week"), (86_400, "day"), (3_600, "hour"), (60, "minute")]
        for (size, name) in units where seconds >= size {
            let count = seconds / size
            let amount = "\(count) \(name)\(count == 1 ? "" : "s")"
            return difference < 0 ? "in \(amount)" : "\(amount) ago"
        }
        return "just now"
    }

    /// "now", "12 min", "5 h", "3 d", "2 w", "4 mo", "1 y" (or "in 3 d"): the relative time as lists show it.
    static func compact(_ date: Date, now: Date) -> String {
        let difference = Int(now.timeIntervalSince(date))
        let seconds = abs(difference)
        let units: [(Int, String)] = [(86_400 * 365, "y"), (86_400 * 30, "mo"), (86_400 * 7, "w"), (86_400, "d"), (3_600, "h"), (60, "min")]
        guard let (size, name) = units.first(where: { seconds >= $0.0 }) else { return "now" }
        let amount = "\(seconds / size) \(name)"
        return difference < 0 ? "in \(amount)" : amount
    }

    /// The compact relative time, with the instant on hover and in the markup.
    static func compactTime(_ date: Date, now: Date) -> Markup {
        el("time", [Attr("datetime", iso8601(date)), Attr("title", absolute(date))], text(compact(date, now: now)))
    }

    /// A relative time with the absolute instant on hover and in the markup.
    static func time(_ date: Date, now: Date) -> Markup {
        el("time", [Attr("datetime", iso8601(date)), Attr("title", absolute(date))], text(relative(date, now: now)))
    }

    static func status(_ status: TicketStatus) -> Markup {
        el("span", [cls("badge status-\(status.rawValue)")], text(label(status.rawValue)))
    }

    static func priority(_ priority: TicketPriority) -> Markup {
        el("span", [cls("badge priority-\(priority.rawValue)")], text(label(priority.rawValue)))
    }

    /// The response colour as a badge that also says it in words (colour is never the only sign),
    /// with the deadline while it runs.
    /// `compact`: for lists, the deadline as "in 20 h" or "4 w ago".
    static func response(_ colour: ResponseColour?, dueAt: Date?, now: Date, compact: Bool = false) -> Markup {
        guard let colour else { return text("—") }
        let words: String
        switch colour {
        case .green: words = "On time"
        case .yellow: words = "Half gone"
        case .amber: words = "Due soon"
        case .red: words = dueAt == nil ? "Was late" : "Overdue"
        }
        let deadline: (Date) -> Markup = { due in
            guard compact else { return group([text(" · due "), time(due, now: now)]) }
            return group([text(" · "), compactTime(due, now: now), text(due < now ? " ago" : "")])
        }
        return el("span", [cls("badge response response-\(colour.rawValue)"), Attr("title", "Response \(colour.rawValue)")],
                  text(words), dueAt.map(deadline) ?? group([]))
    }

    /// Working seconds as hours and minutes: "3h 20m", "40h", "45m".
    static func workingTime(_ seconds: Int) -> String {
        let minutes = (seconds + 59) / 60
        let (hours, rest) = (minutes / 60, minutes % 60)
        if hours == 0 { return "\(rest)m" }
        return rest == 0 ? "\(hours)h" : "\(hours)h \(rest)m"
    }

    static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1024 * 1024 { return String(format: "%.1f KB", Double(count) / 1024) }
        return String(format: "%.1f MB", Double(count) / 1_048_576)
    }
}
