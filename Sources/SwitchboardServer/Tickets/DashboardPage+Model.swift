import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// A person's dashboard: the lists they chose (by default, for a supporter, the open tickets
/// they are responsible for and those of their units; for a submitter, the tickets they filed),
/// each a built-in list or one of their saved views, and the form that changes them.
enum DashboardPage: WebPage {
    struct Filters {
        var status: TicketStatus?
        var priority: TicketPriority?
        var unit: UUID?
        /// Only tickets older than this many days.
        var olderThanDays: Int?
        var sort: TicketSort = .createdDescending
    }

    /// One list on the dashboard.
    struct Section {
        var section: DashboardSection
        var title: String
        var rows: [TicketRow]
        var empty: String
        /// The whole list on the search page (a saved view's address).
        var searchURL: String?
    }

    /// A list the person may put on the dashboard, for the form that changes it.
    struct Choice {
        var section: DashboardSection
        var title: String
        /// Its place on the dashboard (from 1); nil when it is not shown.
        var position: Int?
    }

    struct Model {
        var isSupporter: Bool
        var filters: Filters
        var countsByStatus: [(status: TicketStatus, count: Int)]
        var sections: [Section]
        var unitOptions: [Forms.Option]
        var choices: [Choice]
        /// The columns the person's lists show now.
        var columns: [TicketListColumn]
        /// The lists form's messages when it was refused (it comes back open).
        var listErrors: [String: [String]] = [:]
    }
}

extension DashboardSection {
    /// How a built-in list is headed; a view goes by its name.
    var builtInTitle: String? {
        switch self {
        case .assignedToMe: "Assigned to me"
        case .unitQueue: "Open tickets of my units"
        case .submittedByMe: "Tickets I filed"
        case .view: nil
        }
    }
}
