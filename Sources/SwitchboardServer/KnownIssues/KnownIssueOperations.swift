import Fluent
import Foundation
import SwitchboardCore

/// What a supporter submits for a known issue; absent keys keep their value on an update.
public struct KnownIssueInput: Codable, Sendable {
    public var title: String?
    public var symptoms: String?
    public var impact: String?
    public var workaround: String?
    public var components: [String]?
    public var versions: [String]?
    /// Published issues are read by everyone; drafts by supporters only (default: a draft).
    public var published: Bool?

    public init(title: String? = nil, symptoms: String? = nil, impact: String? = nil, workaround: String? = nil, components: [String]? = nil,
                versions: [String]? = nil, published: Bool? = nil) {
        self.title = title
        self.symptoms = symptoms
        self.impact = impact
        self.workaround = workaround
        self.components = components
        self.versions = versions
        self.published = published
    }
}

/// A known issue with the tickets it was seen in (those the reader may know of).
public struct KnownIssueDetail: Sendable {
    public var issue: KnownIssueModel
    public var tickets: [Int]

    public var summary: KnownIssueSummary {
        KnownIssueSummary(number: issue.id!, title: issue.title, symptoms: issue.symptoms, impact: issue.impact, workaround: issue.workaround,
                          components: issue.componentList, versions: issue.versionList, state: issue.state, createdAt: issue.createdAt,
                          updatedAt: issue.updatedAt, resolvedAt: issue.resolvedAt, resolution: issue.resolution, tickets: tickets)
    }
}

/// Known issues (seed 000, the feedback to operations; `KnownIssueDigest` in the core): problems
/// that affect more than one submitter, documented by supporters (often from a ticket), linked
/// to the tickets they were seen in, published for everyone or kept as drafts, resolved by hand
/// or when a linked ticket's fix reaches production, and summed up in a digest since a date.
public struct KnownIssueOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var knownIssues: KnownIssueOperations { KnownIssueOperations(helpdesk: self) }
}

extension KnownIssueOperations {
    public static let maxTickets = 500
    public static let listMaxRows = 500

    /// Supporters and administrators keep known issues and read drafts and linked tickets.
    static func mayKeep(_ principal: Principal?) -> Bool {
        guard let principal else { return false }
        return principal.isSupporter || principal.isAdmin
    }

    static func checkKeeper(_ principal: Principal) throws {
        guard mayKeep(principal) else { throw HelpdeskError.forbidden("Supporters and administrators keep known issues.") }
    }

    // MARK: Reading

    /// Known issues the reader may see (anyone: published ones; supporters: drafts too), open
    /// ones first, then by last change.
    public func list(state: KnownIssueState? = nil, for principal: Principal?) async throws -> [KnownIssueDetail] {
        var query = KnownIssueModel.query(on: helpdesk.database)
        if !Self.mayKeep(principal) { query = query.filter(\.$published == true) }
        if let state { query = query.filter(\.$state == state) }
        let issues = try await query.sort(\.$updatedAt, .descending).limit(Self.listMaxRows).all()
            .sorted { ($0.state == .open ? 0 : 1, $1.updatedAt) < ($1.state == .open ? 0 : 1, $0.updatedAt) }
        return try await details(issues, for: principal)
    }

    /// One known issue; a draft is "not found" for anyone who may not read drafts.
    public func find(_ number: Int, for principal: Principal?) async throws -> KnownIssueDetail {
        guard let issue = try await KnownIssueModel.find(number, on: helpdesk.database), issue.published || Self.mayKeep(principal) else {
            throw HelpdeskError.notFound("There is no known issue KI-\(number).")
        }
        return try await details([issue], for: principal)[0]
    }

    /// Open known issues, last changed first, without their tickets: what a supporter may link a
    /// ticket to (none for others).
    public func openIssues(for principal: Principal) async throws -> [KnownIssueModel] {
        guard Self.mayKeep(principal) else { return [] }
        return try await KnownIssueModel.query(on: helpdesk.database).filter(\.$state == .open)
            .sort(\.$updatedAt, .descending).limit(Self.listMaxRows).all()
    }

    /// The known issues a ticket was linked to, that the reader may see.
    public func issues(ofTicket ticketID: Int, for principal: Principal) async throws -> [KnownIssueModel] {
        let numbers = try await KnownIssueTicketModel.query(on: helpdesk.database).filter(\.$ticket.$id == ticketID).all().map { $0.$knownIssue.id }
        guard !numbers.isEmpty else { return [] }
        var query = KnownIssueModel.query(on: helpdesk.database).filter(\.$id ~~ numbers)
        if !Self.mayKeep(principal) { query = query.filter(\.$published == true) }
        return try await query.sort(\.$id).all()
    }

    /// The linked tickets are for supporters; others see the issue without them.
    func details(_ issues: [KnownIssueModel], for principal: Principal?) async throws -> [KnownIssueDetail] {
        try await details(issues, withTickets: Self.mayKeep(principal))
    }

    func details(_ issues: [KnownIssueModel], withTickets: Bool) async throws -> [KnownIssueDetail] {
        guard withTickets, !issues.isEmpty else { return issues.map { KnownIssueDetail(issue: $0, tickets: []) } }
        let links = try await KnownIssueTicketModel.query(on: helpdesk.database).filter(\.$knownIssue.$id ~~ issues.compactMap(\.id)).all()
        let byIssue = Dictionary(grouping: links, by: { $0.$knownIssue.id })
        return issues.map { KnownIssueDetail(issue: $0, tickets: (byIssue[$0.id!] ?? []).map { $0.$ticket.id }.sorted()) }
    }

    // MARK: Keeping

    /// A new known issue, a draft unless `published` says otherwise.
    public func create(_ input: KnownIssueInput, by acting: Acting) async throws -> KnownIssueDetail {
        try Self.checkKeeper(acting.principal)
        let text = try Self.check(input, over: nil)
        return try await helpdesk.change(by: acting) { context in
            let issue = try await Self.insert(text, published: input.published ?? false, in: context)
            return KnownIssueDetail(issue: issue, tickets: [])
        }
    }

    /// A known issue documented from a ticket: what is not given is taken from the ticket (its
    /// subject as the title, its description as the symptoms, its component and version), and
    /// the ticket is linked.
    public func create(fromTicket ticketID: Int, _ input: KnownIssueInput, by acting: Acting) async throws -> KnownIssueDetail {
        try Self.checkKeeper(acting.principal)
        let (ticket, _) = try await TicketLookup.readable(ticketID, by: acting.principal, on: helpdesk.database)
        var filled = input
        if (filled.title ?? "").isEmpty { filled.title = String(ticket.subject.prefix(KnownIssueText.titleMaxLength)) }
        if (filled.symptoms ?? "").isEmpty { filled.symptoms = String(ticket.description.prefix(KnownIssueText.textMaxLength)) }
        if filled.components == nil { filled.components = ticket.component.map { [$0] } }
        if filled.versions == nil { filled.versions = ticket.componentVersion.map { [$0] } }
        let text = try Self.check(filled, over: nil)
        let published = filled.published ?? false
        return try await helpdesk.change(by: acting) { context in
            let (ticket, _) = try await TicketLookup.forChange(ticketID, action: nil, in: context)
            let issue = try await Self.insert(text, published: published, in: context)
            try await Self.link(issue, to: ticket, in: context)
            return KnownIssueDetail(issue: issue, tickets: [ticketID])
        }
    }

    /// Changes what the given keys name; publishing tells the linked tickets.
    public func update(_ number: Int, _ input: KnownIssueInput, by acting: Acting) async throws -> KnownIssueDetail {
        try Self.checkKeeper(acting.principal)
        return try await helpdesk.change(by: acting) { context in
            let issue = try await Self.forChange(number, in: context)
            let text = try Self.check(input, over: issue)
            let wasPublished = issue.published
            Self.apply(text, to: issue)
            if let published = input.published { issue.published = published }
            if issue.hasChanges {
                issue.updatedAt = context.now
                try await issue.save(on: context.database)
            }
            if issue.published && !wasPublished {
                for ticket in try await Self.linkedTickets(of: issue, in: context) {
                    try await Self.tell(ticket, change: FieldChange(field: "knownIssue", before: nil, after: "KI-\(number) \(issue.title) (published)"),
                                        issue: issue, in: context)
                }
            }
            return try await Self.detail(issue, in: context)
        }
    }

    /// Links one more ticket the issue was seen in.
    public func link(_ number: Int, ticket ticketID: Int, by acting: Acting) async throws -> KnownIssueDetail {
        try Self.checkKeeper(acting.principal)
        return try await helpdesk.change(by: acting) { context in
            let issue = try await Self.forChange(number, in: context)
            let (ticket, _) = try await TicketLookup.forChange(ticketID, action: nil, in: context)
            if try await KnownIssueTicketModel.query(on: context.database).filter(\.$knownIssue.$id == number).filter(\.$ticket.$id == ticketID).first() != nil {
                throw HelpdeskError.conflict("Ticket #\(ticketID) is linked to KI-\(number) already.")
            }
            if try await KnownIssueTicketModel.query(on: context.database).filter(\.$knownIssue.$id == number).count() >= Self.maxTickets {
                throw HelpdeskError.conflict("KI-\(number) has \(Self.maxTickets) tickets linked; that is the most one issue keeps.")
            }
            try await Self.link(issue, to: ticket, in: context)
            issue.updatedAt = context.now
            try await issue.save(on: context.database)
            return try await Self.detail(issue, in: context)
        }
    }

    /// Unlinks a ticket (linked by mistake).
    public func unlink(_ number: Int, ticket ticketID: Int, by acting: Acting) async throws -> KnownIssueDetail {
        try Self.checkKeeper(acting.principal)
        return try await helpdesk.change(by: acting) { context in
            let issue = try await Self.forChange(number, in: context)
            guard let link = try await KnownIssueTicketModel.query(on: context.database).filter(\.$knownIssue.$id == number)
                .filter(\.$ticket.$id == ticketID).first() else {
                throw HelpdeskError.notFound("Ticket #\(ticketID) is not linked to KI-\(number).")
            }
            try await link.delete(on: context.database)
            if let ticket = try await TicketModel.find(ticketID, on: context.database) {
                try await Self.tell(ticket, change: FieldChange(field: "knownIssue", before: "KI-\(number) \(issue.title)", after: nil), issue: issue, in: context)
            }
            issue.updatedAt = context.now
            try await issue.save(on: context.database)
            return try await Self.detail(issue, in: context)
        }
    }

    /// Resolves an open known issue by hand, saying how.
    public func resolve(_ number: Int, resolution: String?, by acting: Acting) async throws -> KnownIssueDetail {
        try Self.checkKeeper(acting.principal)
        var errors = FieldErrors()
        let how = TicketRules.validateText(resolution, field: "resolution", required: true, maxLength: KnownIssueText.textMaxLength, into: &errors)
        try HelpdeskError.check(errors)
        return try await helpdesk.change(by: acting) { context in
            let issue = try await Self.forChange(number, in: context)
            guard issue.state == .open else { throw HelpdeskError.conflict("KI-\(number) is resolved already.") }
            try await Self.setState(.resolved, of: issue, resolution: how, in: context)
            return try await Self.detail(issue, in: context)
        }
    }

    /// Opens a resolved known issue again (it came back).
    public func reopen(_ number: Int, by acting: Acting) async throws -> KnownIssueDetail {
        try Self.checkKeeper(acting.principal)
        return try await helpdesk.change(by: acting) { context in
            let issue = try await Self.forChange(number, in: context)
            guard issue.state == .resolved else { throw HelpdeskError.conflict("KI-\(number) is open.") }
            try await Self.setState(.open, of: issue, resolution: nil, in: context)
            return try await Self.detail(issue, in: context)
        }
    }

    // MARK: Steps

    static func check(_ input: KnownIssueInput, over issue: KnownIssueModel?) throws -> KnownIssueText {
        do {
            return try KnownIssueText.validate(
                title: input.title ?? issue?.title, symptoms: input.symptoms ?? issue?.symptoms, impact: input.impact ?? issue?.impact,
                // An empty workaround clears it; absent keeps it.
                workaround: input.workaround ?? issue?.workaround,
                components: input.components ?? issue?.componentList, versions: input.versions ?? issue?.versionList)
        } catch {
            throw HelpdeskError.invalid(error)
        }
    }

    static func apply(_ text: KnownIssueText, to issue: KnownIssueModel) {
        issue.title = text.title
        issue.symptoms = text.symptoms
        issue.impact = text.impact
        issue.workaround = text.workaround
        issue.components = KnownIssueText.stored(text.components)
        issue.versions = KnownIssueText.stored(text.versions)
    }

    static func insert(_ text: KnownIssueText, published: Bool, in context: ChangeContext) async throws -> KnownIssueModel {
        let issue = KnownIssueModel()
        apply(text, to: issue)
        issue.state = .open
        issue.published = published
        issue.createdAt = context.now
        issue.createdBy = context.acting.name
        issue.updatedAt = context.now
        try await issue.create(on: context.database)
        return issue
    }

    static func forChange(_ number: Int, in context: ChangeContext) async throws -> KnownIssueModel {
        guard let issue = try await KnownIssueModel.find(number, on: context.database) else {
            throw HelpdeskError.notFound("There is no known issue KI-\(number).")
        }
        return issue
    }

    static func detail(_ issue: KnownIssueModel, in context: ChangeContext) async throws -> KnownIssueDetail {
        KnownIssueDetail(issue: issue, tickets: try await linkedTickets(of: issue, in: context).compactMap(\.id).sorted())
    }

    static func linkedTickets(of issue: KnownIssueModel, in context: ChangeContext) async throws -> [TicketModel] {
        let ids = try await KnownIssueTicketModel.query(on: context.database).filter(\.$knownIssue.$id == issue.requireID()).all().map { $0.$ticket.id }
        guard !ids.isEmpty else { return [] }
        return try await TicketModel.query(on: context.database).filter(\.$id ~~ ids).all()
    }

    static func link(_ issue: KnownIssueModel, to ticket: TicketModel, in context: ChangeContext) async throws {
        let link = KnownIssueTicketModel()
        link.id = UUID()
        link.$knownIssue.id = try issue.requireID()
        link.$ticket.id = try ticket.requireID()
        link.createdAt = context.now
        try await link.create(on: context.database)
        try await tell(ticket, change: FieldChange(field: "knownIssue", before: nil, after: "KI-\(issue.id!) \(issue.title)"), issue: issue, in: context)
    }

    /// A change of a known issue in the history of a linked ticket: public (and mailed as any
    /// public change) once the issue is published, internal while it is a draft.
    static func tell(_ ticket: TicketModel, change: FieldChange, issue: KnownIssueModel, in context: ChangeContext) async throws {
        try await TicketLifecycle.touch(ticket, in: context)
        try await EventRecorder.record(
            TicketEventRecord(kind: .fieldChanged, visibility: issue.published ? .public : .internal, changes: [change], rule: "known-issue"),
            on: ticket, in: context)
    }

    static func setState(_ state: KnownIssueState, of issue: KnownIssueModel, resolution: String?, in context: ChangeContext) async throws {
        let previous = issue.state
        issue.state = state
        issue.resolvedAt = state == .resolved ? context.now : nil
        issue.resolution = state == .resolved ? resolution : nil
        issue.updatedAt = context.now
        try await issue.save(on: context.database)
        for ticket in try await linkedTickets(of: issue, in: context) {
            try await tell(ticket, change: FieldChange(field: "knownIssueState", before: "KI-\(issue.id!) \(previous.rawValue)", after: "KI-\(issue.id!) \(state.rawValue)"),
                           issue: issue, in: context)
        }
    }

    /// Inside the release closure: the open known issues linked to tickets whose fix just
    /// reached production are resolved, naming the release.
    static func resolveFixed(tickets ticketIDs: [Int], release: String, link: String, in context: ChangeContext) async throws {
        guard !ticketIDs.isEmpty else { return }
        let numbers = Set(try await KnownIssueTicketModel.query(on: context.database).filter(\.$ticket.$id ~~ ticketIDs).all().map { $0.$knownIssue.id })
        guard !numbers.isEmpty else { return }
        for issue in try await KnownIssueModel.query(on: context.database).filter(\.$id ~~ Array(numbers)).filter(\.$state == .open).sort(\.$id).all() {
            try await setState(.resolved, of: issue, resolution: "The fix reached production in \(release) (\(link)).", in: context)
        }
    }
}
