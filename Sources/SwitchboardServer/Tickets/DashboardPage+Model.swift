import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// A supporter's dashboard (the open tickets of their units and the ones they are responsible
/// for, with counts) or a submitter's "my tickets".
enum DashboardPage: WebPage {
    struct Filters {
        var status: TicketStatus?
        var priority: TicketPriority?
        var unit: UUID?
        /// Only tickets older than this many days.
        var olderThanDays: Int?
        var sort: TicketSort = .createdDescending
    }

    struct Model {
        var isSupporter: Bool
        var filters: Filters
        var countsByStatus: [(status: TicketStatus, count: Int)]
        var unitTickets: [TicketRow]
        var myTickets: [TicketRow]
        var unitOptions: [Forms.Option]
        /// The viewer's saved views with their counts.
        var views: [SavedView] = []
    }
}
