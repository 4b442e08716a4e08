import Foundation

/// A column of a ticket list that a person may show or hide; the number and the subject are
/// always shown.
public enum TicketListColumn: String, CaseIterable, Sendable, Codable {
    case status, priority, response, unit, responsible, opened, updated

    public var label: String {
        switch self {
        case .status: "Status"
        case .priority: "Priority"
        case .response: "Response"
        case .unit: "Unit"
        case .responsible: "Responsible"
        case .opened: "Opened"
        case .updated: "Updated"
        }
    }
}

/// One list on a person's dashboard: one of the built-in lists, or a saved view.
public enum DashboardSection: Hashable, Sendable {
    /// Open tickets the person is responsible for (supporters).
    case assignedToMe
    /// Open tickets of the person's units, narrowed by the dashboard's filters (supporters).
    case unitQueue
    /// Tickets the person filed.
    case submittedByMe
    /// A saved view the person sees (their own or one shared with their unit).
    case view(UUID)

    /// How a section is written down: `assigned`, `units`, `submitted`, `view:<id>`.
    public var key: String {
        switch self {
        case .assignedToMe: "assigned"
        case .unitQueue: "units"
        case .submittedByMe: "submitted"
        case .view(let id): "view:\(id.uuidString.lowercased())"
        }
    }

    public init?(key: String) {
        switch key {
        case "assigned": self = .assignedToMe
        case "units": self = .unitQueue
        case "submitted": self = .submittedByMe
        default:
            guard key.hasPrefix("view:"), let id = UUID(uuidString: String(key.dropFirst(5))) else { return nil }
            self = .view(id)
        }
    }

    /// Whether a person may have this built-in list (views are checked against the views they see).
    public func isOffered(toSupporter isSupporter: Bool) -> Bool {
        switch self {
        case .assignedToMe, .unitQueue: isSupporter
        case .submittedByMe, .view: true
        }
    }

    /// The dashboard of a person who has not changed it.
    public static func defaults(isSupporter: Bool) -> [DashboardSection] {
        isSupporter ? [.assignedToMe, .unitQueue] : [.submittedByMe]
    }

    /// The built-in lists a person may choose from, in their usual order.
    public static func builtIn(isSupporter: Bool) -> [DashboardSection] {
        isSupporter ? [.assignedToMe, .unitQueue, .submittedByMe] : [.submittedByMe]
    }
}

/// How a person likes their ticket lists: which columns, and which lists their dashboard shows.
public struct ListPreferences: Sendable, Equatable {
    /// In the lists' fixed order, whatever order they were chosen in.
    public var columns: [TicketListColumn]
    /// The dashboard's lists in the order chosen; nil for the default dashboard.
    public var dashboard: [DashboardSection]?

    public static let defaultColumns = TicketListColumn.allCases
    /// A dashboard is a handful of lists, not a report.
    public static let maxDashboardSections = 8

    public init(columns: [TicketListColumn] = ListPreferences.defaultColumns, dashboard: [DashboardSection]? = nil) {
        self.columns = TicketListColumn.allCases.filter(Set(columns).contains)
        self.dashboard = dashboard
    }

    public func dashboard(isSupporter: Bool) -> [DashboardSection] {
        dashboard ?? DashboardSection.defaults(isSupporter: isSupporter)
    }

    /// Column names as a person or a form sends them; every unknown name is an error under
    /// `columns`, a repeated one counts once.
    public static func columns(from names: [String], into errors: inout FieldErrors) -> [TicketListColumn] {
        var chosen: Set<TicketListColumn> = []
        for name in names {
            guard let column = TicketListColumn(rawValue: name) else {
                errors.add("columns", "'\(name)' is not a column; the columns are: \(TicketListColumn.allCases.map(\.rawValue).joined(separator: ", ")).")
                continue
            }
            chosen.insert(column)
        }
        return TicketListColumn.allCases.filter(chosen.contains)
    }

    /// Dashboard lists as a person or a form sends them, in order. Errors under `dashboard`: an
    /// unknown list, one given twice, a built-in list the person may not have, a view they do
    /// not see (`visibleViews`), more than `maxDashboardSections`.
    public static func dashboard(from keys: [String], isSupporter: Bool, visibleViews: Set<UUID>,
                                 into errors: inout FieldErrors) -> [DashboardSection] {
        var sections: [DashboardSection] = []
        for key in keys {
            guard let section = DashboardSection(key: key) else {
                errors.add("dashboard", "'\(key)' is not a list; give assigned, units, submitted or view:<id>.")
                continue
            }
            if sections.contains(section) {
                errors.add("dashboard", "'\(key)' is given twice.")
                continue
            }
            if case .view(let id) = section, !visibleViews.contains(id) {
                errors.add("dashboard", "There is no view \(id.uuidString.lowercased()) that you see.")
                continue
            }
            guard section.isOffered(toSupporter: isSupporter) else {
                errors.add("dashboard", "'\(key)' is a supporters' list.")
                continue
            }
            sections.append(section)
        }
        if sections.count > maxDashboardSections {
            errors.add("dashboard", "A dashboard shows at most \(maxDashboardSections) lists.")
        }
        return sections
    }
}
