import Foundation
import SwitchboardCore
import Vapor

struct ComponentResponse: Content {
    var id: UUID
    var name: String

    init(_ component: ComponentModel) throws {
        id = try component.requireID()
        name = component.name
    }
}

struct ProductResponse: Content {
    var id: UUID
    var name: String
    var ownerUnit: UnitReference
    var description: String?
    var components: [ComponentResponse]

    init(_ product: ProductModel) throws {
        id = try product.requireID()
        name = product.name
        ownerUnit = try UnitReference(product.ownerUnit)
        description = product.productDescription
        components = try product.components.sorted { $0.name < $1.name }.map(ComponentResponse.init)
    }
}

struct NewComponentRequest: Content {
    var name: String?
}

struct StageChangeResponse: Content {
    var from: ReleaseStage?
    var to: ReleaseStage
    var reason: String?
    var by: String
    var at: Date

    init(_ change: ReleaseStageChangeModel) {
        from = change.fromStage
        to = change.toStage
        reason = change.reason
        by = change.actorName
        at = change.at
    }
}

struct ReleaseResponse: Content {
    var id: UUID
    var component: String
    var product: String
    var version: String
    var stage: ReleaseStage
    var reason: String?
    var createdAt: Date
    var stageChangedAt: Date
    var history: [StageChangeResponse]
    /// Tickets it closed, and (while it is not in production) tickets it would close.
    var closedTickets: [Int]?
    var waitingTickets: [Int]?

    init(_ release: ReleaseModel, history: [ReleaseStageChangeModel]) throws {
        id = try release.requireID()
        component = release.component.name
        product = release.component.product.name
        version = release.version
        stage = release.stage
        reason = release.reason
        createdAt = release.createdAt
        stageChangedAt = release.stageChangedAt
        self.history = history.map(StageChangeResponse.init)
    }

    init(_ detail: ReleaseDetail) throws {
        try self.init(detail.release, history: detail.history)
        closedTickets = try detail.closed.map { try $0.requireID() }
        waitingTickets = try detail.waiting.map { try $0.requireID() }
    }
}

struct AnnounceReleaseRequest: Content {
    var component: String?
    var version: String?
}

struct StageRequest: Content {
    var stage: String?
    var reason: String?
}

struct FixRequest: Content {
    var component: String?
    var version: String?
    var note: String?
}

struct ReleaseQueueResponse: Content {
    struct Ticket: Content {
        var id: Int
        var subject: String
        var priority: TicketPriority
        var status: TicketStatus
        var fixedAt: Date
        var waitingDays: Int
        var overdue: Bool
    }

    struct Group: Content {
        var component: String
        var version: String
        var tickets: [Ticket]
    }

    var unit: String?
    var limitDays: Int
    var groups: [Group]

    init(_ queue: ReleaseQueue) {
        unit = queue.unitName
        limitDays = queue.limitDays
        groups = queue.groups.map { group in
            Group(component: group.component, version: group.version, tickets: group.tickets.map {
                Ticket(id: $0.id, subject: $0.subject, priority: $0.priority, status: $0.status, fixedAt: $0.fixedAt,
                       waitingDays: $0.waitingDays, overdue: $0.overdue)
            })
        }
    }
}

struct RepositoryStatusResponse: Content {
    var name: String
    var stage: ReleaseStage
    var url: String
    var lastAttemptAt: Date?
    var lastSuccessAt: Date?
    var lastError: String?
    var packageCount: Int?
}

struct SyncReportResponse: Content {
    struct Repository: Content {
        var name: String
        var stage: ReleaseStage
        var error: String?
        var packageCount: Int
        var created: Int
        var moved: Int
    }

    var repositories: [Repository]
    var closedTickets: Int

    init(_ report: SyncReport) {
        repositories = report.repositories.map {
            Repository(name: $0.name, stage: $0.stage, error: $0.error, packageCount: $0.packageCount, created: $0.created, moved: $0.moved)
        }
        closedTickets = report.closedTickets
    }
}
