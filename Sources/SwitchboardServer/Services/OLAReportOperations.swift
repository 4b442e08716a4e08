import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// The narrative of an OLA report, entered per report: effort per person (person-months) and
/// the seed's sections 2, 4, 5 and 6.
public struct OLANarrative: Codable, Sendable, Equatable {
    public struct Effort: Codable, Sendable, Equatable {
        public var person: String
        public var personMonths: Double

        public init(person: String, personMonths: Double) {
            self.person = person
            self.personMonths = personMonths
        }
    }

    public var effort: [Effort] = []
    public var overview = ""
    public var issuesArising = ""
    public var measuresPlanned = ""
    public var foreseenActivities = ""

    public init(effort: [Effort] = [], overview: String = "", issuesArising: String = "", measuresPlanned: String = "", foreseenActivities: String = "") {
        self.effort = effort
        self.overview = overview
        self.issuesArising = issuesArising
        self.measuresPlanned = measuresPlanned
        self.foreseenActivities = foreseenActivities
    }
}

/// The figures of section 3, as computed (or as frozen when the report was published).
public struct OLAFigures: Codable, Sendable, Equatable {
    public struct Month: Codable, Sendable, Equatable {
        public var month: String
        public var durations: StatusDurations
        /// Per priority (raw value) that had tickets.
        public var support: [String: SupportResponse.Figure]
    }

    public struct ResponseTarget: Codable, Sendable, Equatable {
        public var priority: TicketPriority
        /// As entered: "4h", "1wd".
        public var target: String
        /// In working hours of the provider unit's calendar.
        public var hours: Double
    }

    public var availabilityTarget: Double
    public var reliabilityTarget: Double
    public var responseTargets: [ResponseTarget]
    public var months: [Month]
    public var computedAt: Date

    func support(_ month: Month) -> SupportResponse {
        var response = SupportResponse(tickets: [])
        for (key, figure) in month.support { if let priority = TicketPriority(rawValue: key) { response.byPriority[priority] = figure } }
        return response
    }
}

/// One OLA report: a service, its months, the figures and the narrative, draft or published.
public struct OLAReport: Sendable {
    public var service: ServiceModel
    public var range: MonthRange
    public var figures: OLAFigures
    public var narrative: OLANarrative
    public var publishedAt: Date?
    public var publishedBy: String?
    /// The provider unit's zone, for showing instants.
    public var zone: String
    /// Whether the asker may edit the narrative and publish.
    public var editable: Bool
}

/// OLA reports (seed 004): for a service and a range of months, availability and reliability
/// against the OLA's targets, support response per priority from our own tickets, and the
/// narrative sections. A report is a draft until published; publishing freezes its figures
/// (later monitoring corrections do not change it) and its narrative.
public struct OLAReportOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var olaReports: OLAReportOperations { OLAReportOperations(helpdesk: self) }
}

extension OLAReportOperations {
    public func report(service reference: String, range: MonthRange, for principal: Principal) async throws -> OLAReport {
        let service = try await helpdesk.services.find(reference, for: principal)
        let stored = try await Self.stored(service, range, on: helpdesk.database)
        var figures: OLAFigures
        if let frozen = stored?.frozenFigures {
            figures = try JSONDecoder().decode(OLAFigures.self, from: Data(frozen.utf8))
        } else {
            figures = try await Self.figures(service, range: range, now: helpdesk.clock.now(), on: helpdesk.database)
        }
        let narrative = try stored.map(Self.narrative) ?? OLANarrative()
        return OLAReport(service: service, range: range, figures: figures, narrative: narrative, publishedAt: stored?.publishedAt,
                         publishedBy: stored?.publishedBy, zone: service.providerUnit.timeZone,
                         editable: ServiceOperations.mayOperate(principal, providerUnit: service.$providerUnit.id) && stored?.publishedAt == nil)
    }

    /// Saves the narrative of a draft (administrators and the provider unit's members).
    public func saveNarrative(_ narrative: OLANarrative, service reference: String, range: MonthRange, by acting: Acting) async throws -> OLAReport {
        var errors = FieldErrors()
        for (index, effort) in narrative.effort.enumerated() {
            let person = effort.person.trimmingCharacters(in: .whitespaces)
            if person.isEmpty || person.count > 200 { errors.add("effort[\(index)]", "A person's name has 1 to 200 characters.") }
            if !(effort.personMonths.isFinite && effort.personMonths >= 0 && effort.personMonths <= 1000) {
                errors.add("effort[\(index)]", "Person-months are a number from 0 to 1000.")
            }
        }
        if narrative.effort.count > 100 { errors.add("effort", "At most 100 people.") }
        for (field, text) in [("overview", narrative.overview), ("issuesArising", narrative.issuesArising), ("measuresPlanned", narrative.measuresPlanned),
                              ("foreseenActivities", narrative.foreseenActivities)] {
            _ = TicketRules.validateText(text, field: field, required: false, maxLength: 20_000, into: &errors)
        }
        try HelpdeskError.check(errors)
        try await helpdesk.change(by: acting) { context in
            guard let service = try await ServiceOperations.service(reference, on: context.database) else {
                throw HelpdeskError.notFound("There is no service '\(reference)'.")
            }
            guard ServiceOperations.mayOperate(context.acting.principal, providerUnit: service.$providerUnit.id) else {
                throw HelpdeskError.forbidden("Only administrators and the members of \(service.providerUnit.name) may write \(service.name)'s OLA reports.")
            }
            let row = try await Self.stored(service, range, on: context.database) ?? Self.newRow(service, range)
            guard row.publishedAt == nil else { throw HelpdeskError.conflict("This report is published; its text and figures are frozen.") }
            row.effort = String(decoding: try JSONEncoder().encode(narrative.effort.map {
                OLANarrative.Effort(person: $0.person.trimmingCharacters(in: .whitespaces), personMonths: $0.personMonths)
            }), as: UTF8.self)
            row.overview = Self.clean(narrative.overview)
            row.issuesArising = Self.clean(narrative.issuesArising)
            row.measuresPlanned = Self.clean(narrative.measuresPlanned)
            row.foreseenActivities = Self.clean(narrative.foreseenActivities)
            row.updatedAt = context.now
            try await row.save(on: context.database)
        }
        return try await report(service: reference, range: range, for: acting.principal)
    }

    /// Freezes the figures as they are now, with the narrative. Only after the last month has ended.
    public func publish(service reference: String, range: MonthRange, by acting: Acting) async throws -> OLAReport {
        try await helpdesk.change(by: acting) { context in
            guard let service = try await ServiceOperations.service(reference, on: context.database) else {
                throw HelpdeskError.notFound("There is no service '\(reference)'.")
            }
            guard ServiceOperations.mayOperate(context.acting.principal, providerUnit: service.$providerUnit.id) else {
                throw HelpdeskError.forbidden("Only administrators and the members of \(service.providerUnit.name) may publish \(service.name)'s OLA reports.")
            }
            guard Int64(context.now.timeIntervalSince1970) >= range.last.end else {
                throw HelpdeskError.conflict("The report's last month, \(range.last), has not ended; a report is published after it.")
            }
            let row = try await Self.stored(service, range, on: context.database) ?? Self.newRow(service, range)
            guard row.publishedAt == nil else { throw HelpdeskError.conflict("This report is published already.") }
            let figures = try await Self.figures(service, range: range, now: context.now, on: context.database)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.dateEncodingStrategy = .deferredToDate
            row.frozenFigures = String(decoding: try encoder.encode(figures), as: UTF8.self)
            row.publishedAt = context.now
            row.publishedBy = context.acting.name
            row.updatedAt = context.now
            try await row.save(on: context.database)
        }
        return try await report(service: reference, range: range, for: acting.principal)
    }


    private static func clean(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func stored(_ service: ServiceModel, _ range: MonthRange, on database: any Database) async throws -> OLAReportModel? {
        try await OLAReportModel.query(on: database).filter(\.$service.$id == service.requireID())
            .filter(\.$firstMonth == range.first.description).filter(\.$lastMonth == range.last.description).first()
    }

    private static func newRow(_ service: ServiceModel, _ range: MonthRange) throws -> OLAReportModel {
        let row = OLAReportModel()
        row.id = UUID()
        row.$service.id = try service.requireID()
        row.firstMonth = range.first.description
        row.lastMonth = range.last.description
        row.effort = "[]"
        row.overview = ""
        row.issuesArising = ""
        row.measuresPlanned = ""
        row.foreseenActivities = ""
        return row
    }

    private static func narrative(_ row: OLAReportModel) throws -> OLANarrative {
        OLANarrative(effort: try JSONDecoder().decode([OLANarrative.Effort].self, from: Data(row.effort.utf8)), overview: row.overview,
                     issuesArising: row.issuesArising, measuresPlanned: row.measuresPlanned, foreseenActivities: row.foreseenActivities)
    }

    /// Availability and reliability per month, and support response per month and priority.
    static func figures(_ service: ServiceModel, range: MonthRange, now: Date, on database: any Database) async throws -> OLAFigures {
        let timeline = try await AvailabilityOperations.timeline(of: service, from: range.first.start, to: range.last.end, on: database)
        let months = MonthlyAvailability.durations(of: timeline, months: range.months)
        let unit = try await service.$providerUnit.get(on: database)
        let calendar = WorkingTimeIndex(calendar: try await CalendarOperations.businessCalendar(of: unit, on: database),
                                        from: Date(timeIntervalSince1970: TimeInterval(range.first.start)),
                                        to: max(now, Date(timeIntervalSince1970: TimeInterval(range.last.end))))
        let support = try await supportResponse(unit: try unit.requireID(), range: range, calendar: calendar, on: database)
        let targets = try await service.$responseTargets.get(on: database).compactMap { row -> OLAFigures.ResponseTarget? in
            guard let target = ServiceLevel.Target(row.target) else { return nil }
            return OLAFigures.ResponseTarget(priority: row.priority, target: row.target,
                                             hours: Double(target.seconds(workingDayLength: calendar.calendar.workingDayLength)) / 3600)
        }.sorted { $0.priority < $1.priority }
        return OLAFigures(
            availabilityTarget: service.availabilityTarget, reliabilityTarget: service.reliabilityTarget, responseTargets: targets,
            months: months.map { month in
                OLAFigures.Month(month: month.month.description, durations: month.durations,
                                 support: Dictionary(uniqueKeysWithValues: (support[month.month]?.byPriority ?? [:]).map { ($0.key.rawValue, $0.value) }))
            }, computedAt: now)
    }

    /// Event kinds that can end the provider's response clock here: a public comment, a status
    /// change, or an assignment onward (internal notes, priority changes and edits do not).
    static let supportReactionKinds: Set<TicketEventKind> = [.created, .assignedToUnit, .statusChanged, .commentPublic]

    /// Of the tickets (not `test`) first assigned to the unit in each month, the time from that
    /// assignment to the unit's first reaction while responsible — its first public comment,
    /// status change or assignment onward by someone other than the submitter and the system —
    /// by the ticket's current priority (`SupportResponse`, core). Computed from the events.
    static func supportResponse(unit unitID: UUID, range: MonthRange, calendar: WorkingTimeIndex, on database: any Database) async throws -> [YearMonth: SupportResponse] {
        let sql = database as! any SQLDatabase
        let facts = ReportSchema.unitFacts
        let rows = try await sql.select()
            .column(SQLColumn("ticket_id", table: facts)).column(SQLColumn("first_assigned_at", table: facts))
            .column(SQLColumn("priority", table: TicketModel.schema)).column(SQLColumn("submitter_id", table: TicketModel.schema))
            .from(facts)
            .join(SQLIdentifier(TicketModel.schema), method: SQLJoinMethod.inner, on: SQLColumn("id", table: TicketModel.schema),
                  SQLBinaryOperator.equal, SQLColumn("ticket_id", table: facts))
            .where(SQLColumn("unit_id", table: facts), .equal, SQLBind(unitID))
            .where(SQLColumn("category", table: TicketModel.schema), .notEqual, SQLBind(TicketCategory.test.rawValue))
            .where(SQLColumn("first_assigned_at", table: facts), .greaterThanOrEqual, SQLBind(Date(timeIntervalSince1970: TimeInterval(range.first.start))))
            .where(SQLColumn("first_assigned_at", table: facts), .lessThan, SQLBind(Date(timeIntervalSince1970: TimeInterval(range.last.end))))
            .all()
        let tickets = try rows.map { row in
            (id: try row.decode(column: "ticket_id", as: Int.self), assigned: try row.decode(column: "first_assigned_at", as: Date.self),
             priority: TicketPriority(rawValue: try row.decode(column: "priority", as: String.self)) ?? .default,
             submitter: try row.decode(column: "submitter_id", as: UUID.self))
        }
        let units = try await ReportProjection.UnitNames.load(on: database)
        var events: [Int: [ReportProjection.StoredEvent]] = [:]
        for chunk in stride(from: 0, to: tickets.count, by: 1000) {
            events.merge(try await ReportProjection.storedEvents(of: tickets[chunk..<min(chunk + 1000, tickets.count)].map(\.id), on: sql)) { $1 }
        }
        var byMonth: [YearMonth: [SupportResponse.Ticket]] = [:]
        for ticket in tickets {
            let history = ReportProjection.history(ticketID: ticket.id, submitter: ticket.submitter,
                                                   events: (events[ticket.id] ?? []).filter { supportReactionKinds.contains($0.kind) }, units: units)
            let reaction = history.solutionFacts().first { $0.unit == unitID }?.firstReactionAt
            let month = YearMonth(containing: Int64(ticket.assigned.timeIntervalSince1970.rounded(.down)))
            byMonth[month, default: []].append(SupportResponse.Ticket(
                priority: ticket.priority, workingHours: reaction.map { Double(calendar.workingTime(from: ticket.assigned, to: $0)) / 3600 },
                calendarHours: reaction.map { $0.timeIntervalSince(ticket.assigned) / 3600 }))
        }
        return byMonth.mapValues { SupportResponse(tickets: $0) }
    }
}
