import Fluent
import SQLKit
import Foundation
import SwitchboardCore

/// Component releases on their way to production (seed 000): announcing them, moving them
/// through verification and staged rollout, and the closure of the tickets they fix when they
/// reach production. Release-unit members and administrators move releases; product teams
/// may announce releases of their own components.
public struct ReleaseOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var releases: ReleaseOperations { ReleaseOperations(helpdesk: self) }
}

/// One release with its history and the tickets it concerns.
public struct ReleaseDetail: Sendable {
    public var release: ReleaseModel
    public var history: [ReleaseStageChangeModel]
    /// Tickets this release closed.
    public var closed: [TicketModel]
    /// Tickets that wait in the release unit for this version or an older one of the component
    /// (closed by this release if it reaches production).
    public var waiting: [TicketModel]
}

extension ReleaseOperations {
    // MARK: Reading

    /// Releases, newest first; optionally of one component (name or id) or in one stage.
    public func all(component: String? = nil, stage: ReleaseStage? = nil, limit: Int = 500) async throws -> [ReleaseModel] {
        let query = ReleaseModel.query(on: helpdesk.database).with(\.$component) { $0.with(\.$product) }
        if let component, !component.isEmpty {
            guard let found = try await ProductOperations.component(component, on: helpdesk.database) else {
                throw HelpdeskError.invalid("component", "There is no component '\(component)' in the catalogue.")
            }
            query.filter(\.$component.$id == (try found.requireID()))
        }
        if let stage { query.filter(\.$stage == stage) }
        return try await query.sort(\.$stageChangedAt, .descending).sort(\.$version).limit(limit).all()
    }

    /// The stage changes of several releases, each list oldest first.
    public func histories(of releases: [ReleaseModel]) async throws -> [UUID: [ReleaseStageChangeModel]] {
        let ids = releases.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let changes = try await ReleaseStageChangeModel.query(on: helpdesk.database).filter(\.$release.$id ~~ ids).sort(\.$at).all()
        return Dictionary(grouping: changes, by: { $0.$release.id })
    }

    public func find(_ id: UUID) async throws -> ReleaseDetail {
        let database = helpdesk.database
        guard let release = try await ReleaseModel.query(on: database).filter(\.$id == id).with(\.$component, { $0.with(\.$product) }).first() else {
            throw HelpdeskError.notFound("There is no release \(id).")
        }
        let history = try await ReleaseStageChangeModel.query(on: database).filter(\.$release.$id == id).sort(\.$at).all()
        let closed = try await TicketModel.query(on: database).filter(\.$closedByReleaseID == id).sort(\.$id).all()
        var waiting: [TicketModel] = []
        if let unit = try await Self.releaseUnit(helpdesk.configuration.releases, on: database) {
            waiting = try await Self.waitingTickets(unit: unit, component: release.component.name, on: database)
                .filter { ReleaseRules.closes(fixedVersion: $0.fixedVersion ?? "", releasedVersion: release.version) }
        }
        return ReleaseDetail(release: release, history: history, closed: closed, waiting: waiting)
    }

    /// Whether the principal manages releases: a member of the release unit or an administrator.
    public func mayManageReleases(_ principal: Principal) async throws -> Bool {
        try await Self.mayManageReleases(principal, settings: helpdesk.configuration.releases, on: helpdesk.database)
    }

    /// The same, read on `database` (inside a change: its transaction).
    static func mayManageReleases(_ principal: Principal, settings: ReleaseSettings, on database: any Database) async throws -> Bool {
        if principal.isAdmin { return true }
        let unit = try await releaseUnit(settings, on: database)
        return principal.memberships.contains { $0.unitID == unit?.id }
    }

    /// The unit that holds fixed tickets: the configured one, or the first release-tier unit.
    static func releaseUnit(_ settings: ReleaseSettings, on database: any Database) async throws -> SupportUnitModel? {
        if let name = settings.unitName {
            return try await SupportUnitModel.query(on: database).filter(\.$name == name).first()
        }
        return try await SupportUnitModel.query(on: database).filter(\.$tier == .release).sort(\.$name).first()
    }

    /// A ticket waiting for a release: just what the closure decides on.
    struct WaitingFix: Sendable {
        var ticketID: Int
        var fixedVersion: String
    }

    /// The open tickets the release unit holds for a component, read as plain rows: a sync may
    /// look at thousands and close a few.
    static func fixesWaiting(unit: SupportUnitModel, component: String, on database: any Database) async throws -> [WaitingFix] {
        guard let sql = database as? any SQLDatabase else { return [] }
        struct Row: Decodable { var id: Int; var fixed_version: String? }
        return try await sql.raw("""
            SELECT id, fixed_version FROM tickets
            WHERE support_unit_id = \(bind: try unit.requireID()) AND fixed_component = \(bind: component)
              AND status IN (\(binds: TicketStatus.openStatuses.map(\.rawValue))) ORDER BY id
            """).all(decoding: Row.self).map { WaitingFix(ticketID: $0.id, fixedVersion: $0.fixed_version ?? "") }
    }

    /// The open tickets the release unit holds for a component (every component when nil).
    static func waitingTickets(unit: SupportUnitModel, component: String?, on database: any Database) async throws -> [TicketModel] {
        let query = TicketModel.query(on: database).filter(\.$supportUnit.$id == (try unit.requireID()))
            .filter(\.$status ~~ TicketStatus.openStatuses).filter(\.$fixedComponent != nil)
        if let component { query.filter(\.$fixedComponent == component) }
        return try await query.sort(\.$id).all()
    }

    // MARK: Announcing and moving

    /// A new release of a catalogue component, `announced`.
    public func announce(component: String?, version: String?, by acting: Acting) async throws -> ReleaseModel {
        let version = (version ?? "").trimmingCharacters(in: .whitespaces)
        var errors = FieldErrors()
        if (component ?? "").isEmpty { errors.add("component", "The component is required.") }
        if !RPMVersion.isWellFormed(version) || version.count > 120 {
            errors.add("version", "A version is [epoch:]version[-release]: letters, digits and ._+~^:- only.")
        }
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            guard let found = try await ProductOperations.component(component ?? "", on: context.database) else {
                throw HelpdeskError.invalid("component", "There is no component '\(component ?? "")' in the catalogue.")
            }
            let principal = context.acting.principal
            let releaseUnit = try await Self.releaseUnit(context.configuration.releases, on: context.database)
            let mayAnnounce = principal.isAdmin || principal.memberships.contains {
                $0.unitID == releaseUnit?.id || $0.unitID == found.product.$ownerUnit.id
            }
            guard mayAnnounce else {
                throw HelpdeskError.forbidden("Release-unit members, administrators and \(found.product.name)'s own team announce its releases.")
            }
            if try await ReleaseModel.query(on: context.database).filter(\.$component.$id == (try found.requireID()))
                .filter(\.$version == version).first() != nil {
                throw HelpdeskError.conflict("\(found.name) \(version) is announced already.")
            }
            return try await Self.create(found, version: version, stage: .announced, in: context).release
        }
    }

    /// Moves a release to another stage (release-unit members and administrators); a release
    /// that reaches production closes the tickets it fixes.
    public func move(_ id: UUID, to stageText: String?, reason: String?, by acting: Acting) async throws -> ReleaseModel {
        guard let stage = ReleaseStage(rawValue: stageText ?? "") else {
            throw HelpdeskError.invalid("stage", "The stage is one of: \(ReleaseStage.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        var errors = FieldErrors()
        let reasonText = TicketRules.validateText(reason, field: "reason", required: stage == .rejected,
                                                  maxLength: TicketRules.justificationMaxLength, into: &errors)
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            guard let release = try await ReleaseModel.query(on: context.database).filter(\.$id == id)
                .with(\.$component, { $0.with(\.$product) }).first() else {
                throw HelpdeskError.notFound("There is no release \(id).")
            }
            guard try await Self.mayManageReleases(context.acting.principal, settings: context.configuration.releases, on: context.database) else {
                throw HelpdeskError.forbidden("Release-unit members and administrators move releases.")
            }
            try await Self.move(release, to: stage, reason: reasonText, in: context)
            return release
        }
    }

    /// Inside a change: a release of `component` at `stage`, with its first history entry, and
    /// how many tickets it closed (one first seen in production closes those it fixes).
    static func create(
        _ component: ComponentModel, version: String, stage: ReleaseStage, waiting: [WaitingFix]? = nil, releaseUnit: SupportUnitModel? = nil,
        in context: ChangeContext
    ) async throws -> (release: ReleaseModel, closed: Int) {
        let release = ReleaseModel()
        release.id = UUID()
        release.$component.id = try component.requireID()
        release.$component.value = component
        release.version = version
        release.stage = stage
        release.createdAt = context.now
        release.stageChangedAt = context.now
        try await release.create(on: context.database)
        try await recordChange(of: release, from: nil, to: stage, reason: nil, in: context)
        let closed = stage == .inProduction
            ? try await closeFixedTickets(by: release, waiting: waiting, component: component, releaseUnit: releaseUnit, in: context) : 0
        return (release, closed)
    }

    /// Inside a change: checks and records a move; in production, the closure follows. Returns
    /// how many tickets it closed.
    @discardableResult
    static func move(
        _ release: ReleaseModel, to stage: ReleaseStage, reason: String?, waiting: [WaitingFix]? = nil, in context: ChangeContext
    ) async throws -> Int {
        do throws(ReleaseRules.Refusal) {
            try ReleaseRules.checkMove(from: release.stage, to: stage, reason: reason)
        } catch {
            throw HelpdeskError.conflict(error.description)
        }
        let previous = release.stage
        release.stage = stage
        release.stageChangedAt = context.now
        if stage == .rejected { release.reason = reason }
        try await release.save(on: context.database)
        try await recordChange(of: release, from: previous, to: stage, reason: reason, in: context)
        return stage == .inProduction ? try await closeFixedTickets(by: release, waiting: waiting, in: context) : 0
    }

    private static func recordChange(
        of release: ReleaseModel, from: ReleaseStage?, to: ReleaseStage, reason: String?, in context: ChangeContext
    ) async throws {
        let change = ReleaseStageChangeModel()
        change.id = UUID()
        change.$release.id = try release.requireID()
        change.fromStage = from
        change.toStage = to
        change.reason = reason
        change.actorID = context.acting.principal.userID
        change.actorName = context.acting.name
        change.at = context.now
        try await change.create(on: context.database)
    }

    // MARK: Closure

    /// Closes every open ticket the release unit holds whose fixed version of this component is
    /// this release's version or older, as the system, naming the release. Returns how many.
    /// `waiting`, when given, are the component's waiting fixes already read (the sync passes
    /// them, and drops the ones closed).
    @discardableResult
    static func closeFixedTickets(
        by release: ReleaseModel, waiting: [WaitingFix]? = nil, component known: ComponentModel? = nil, releaseUnit knownUnit: SupportUnitModel? = nil,
        in context: ChangeContext
    ) async throws -> Int {
        var unit = knownUnit
        if unit == nil { unit = try await releaseUnit(context.configuration.releases, on: context.database) }
        guard let unit else { return 0 }
        var component = known
        if component == nil { component = try await release.$component.current(on: context.database) }
        guard let component else { return 0 }
        let candidates: [WaitingFix]
        if let waiting { candidates = waiting } else { candidates = try await fixesWaiting(unit: unit, component: component.name, on: context.database) }
        let releaseID = try release.requireID()
        let name = "\(component.name) \(release.version)"
        let link = "\(context.configuration.publicURL)/releases/\(releaseID)"
        let system = context.by(.system)
        var closed: [Int] = []
        for candidate in candidates where ReleaseRules.closes(fixedVersion: candidate.fixedVersion, releasedVersion: release.version) {
            try await TicketLookup.lock(candidate.ticketID, on: context.database)
            guard let ticket = try await TicketModel.find(candidate.ticketID, on: context.database),
                  StatusTransitions.releaseClosure.from.contains(ticket.status), ticket.$supportUnit.id == unit.id else { continue }
            ticket.closedByReleaseID = releaseID
            try await TicketLifecycle.setStatus(
                ticket, to: .closed,
                note: "The fix is in production: \(name) has passed verification and staged rollout. \(link)",
                rule: "release-closure", alsoChanging: [FieldChange(field: "release", before: nil, after: name)], in: system)
            closed.append(candidate.ticketID)
        }
        try await KnownIssueOperations.resolveFixed(tickets: closed, release: name, link: link, in: system)
        return closed.count
    }
}
