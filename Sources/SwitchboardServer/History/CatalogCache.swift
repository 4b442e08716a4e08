import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import SwitchboardCore

/// The catalogue that ticket changes read and almost never write: support units (with the former
/// names of renamed ones), service levels, business calendars with their holidays, and the active
/// webhook endpoints. A filing read three of them from the database (its unit, the unit's level,
/// the endpoints), an assignment six, and every refresh of a ticket's report rows the unit names.
///
/// The process keeps the catalogue in memory, labelled with the database's catalogue version
/// (migration 033: triggers raise it with every change of those tables, by any process). Each
/// change reads the version once (`ChangeMemo.catalog`) and uses the kept catalogue when the
/// numbers agree, or reads it again. The version is read before the catalogue, so a catalogue
/// can only be newer than its label, never older: the next change reads it again.
///
/// The units and endpoints are shared model objects: read them, never change them (operations
/// that change a unit read their own).
final class CatalogCache: Sendable {
    private let kept = NIOLockedValueBox<Catalog?>(nil)

    init() {}

    /// The catalogue as of the database's current version, read through `database`.
    func catalog(on database: any Database) async throws -> Catalog {
        let version = try await Self.version(on: database)
        if let catalog = kept.withLockedValue({ $0 }), catalog.version == version { return catalog }
        let loaded = try await Catalog.load(version: version, on: database)
        kept.withLockedValue { $0 = loaded }
        return loaded
    }

    static func version(on database: any Database) async throws -> Int {
        struct Row: Decodable { var version: Int }
        guard let row = try await (database as! any SQLDatabase).raw("SELECT version FROM catalog_version WHERE id = 1")
            .first(decoding: Row.self) else { return 0 }
        return row.version
    }
}

/// One reading of the catalogue (see `CatalogCache`).
struct Catalog: Sendable {
    let version: Int
    private let units: [UUID: SupportUnitModel]
    private let unitsByName: [String: SupportUnitModel]
    private let serviceLevels: [String: ServiceLevel]
    private let calendars: [UUID: BusinessCalendar]
    /// The endpoints events may go to.
    let activeWebhooks: [WebhookModel]
    /// Units by every name the history may call them: the current ones and former ones.
    let unitNames: ReportProjection.UnitNames
    private let laidOut = LaidOutCalendars()

    static func load(version: Int, on database: any Database) async throws -> Catalog {
        let units = try await SupportUnitModel.query(on: database).all()
        let levels = try await ServiceLevelModel.query(on: database).all()
        let calendars = try await BusinessCalendarModel.query(on: database).with(\.$holidays).all()
        let hooks = try await WebhookModel.query(on: database).filter(\.$active == true).all()
        let formerNames = try await ReportProjection.UnitNames.formerNames(on: database)
        var calendarsByID: [UUID: BusinessCalendar] = [:]
        for model in calendars {
            calendarsByID[try model.requireID()] = CalendarOperations.businessCalendar(model, holidays: model.holidays)
        }
        var unitCalendars: [UUID: BusinessCalendar] = [:]
        for unit in units {
            unitCalendars[try unit.requireID()] = unit.$calendar.id.flatMap { calendarsByID[$0] } ?? CalendarOperations.standardCalendar(of: unit)
        }
        return Catalog(
            version: version,
            units: Dictionary(uniqueKeysWithValues: try units.map { (try $0.requireID(), $0) }),
            unitsByName: Dictionary(units.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }),
            serviceLevels: Dictionary(levels.map { ($0.name, $0.level) }, uniquingKeysWith: { first, _ in first }),
            calendars: unitCalendars,
            activeWebhooks: hooks,
            unitNames: ReportProjection.UnitNames(former: formerNames, current: try units.map { ($0.name, try $0.requireID()) }))
    }

    /// A unit by its id.
    func unit(id: UUID) -> SupportUnitModel? { units[id] }

    /// A unit by id or by name (as `UnitOperations.unit(_:on:)` finds it).
    func unit(_ reference: String) -> SupportUnitModel? {
        if let id = UUID(uuidString: reference) { return units[id] }
        return unitsByName[reference]
    }

    /// The unit that receives tickets filed without a target (`UnitOperations.firstLineUnit`).
    func firstLineUnit(configuredName: String?) -> SupportUnitModel? {
        if let configuredName { return unitsByName[configuredName] }
        return units.values.filter { $0.tier == .firstLine }.min { $0.name < $1.name }
    }

    /// The level a unit refers to (`ResponseClocks.serviceLevel(of:on:)`).
    func serviceLevel(of unit: SupportUnitModel) -> ServiceLevel {
        ResponseClocks.serviceLevel(of: unit, found: serviceLevels[unit.serviceLevel])
    }

    /// A unit's working time: its calendar, or the standard week in its time zone, laid out
    /// for the deadlines asked near `now` (`LaidOutCalendars`).
    func businessCalendar(of unit: SupportUnitModel, near now: Date) -> BusinessCalendar {
        guard let id = unit.id, let calendar = calendars[id] else { return CalendarOperations.standardCalendar(of: unit) }
        return laidOut.calendar(calendar, of: id, near: now)
    }
}

/// The calendars of one catalogue reading, each laid out over the weeks around the time it is
/// asked for (`BusinessCalendar.laidOut`): a filing asks for four deadlines, each of which
/// walked the calendar day by day through Foundation (5% of the writer's time). Laid out at
/// first use, about a millisecond per calendar, and again once the time asked for nears the end
/// of the span; a deadline outside it is walked as before.
final class LaidOutCalendars: Sendable {
    /// Days laid out before and after the time asked for.
    static let daysBefore = 7
    static let daysAfter = 120
    /// A span is laid out again when the time asked for is less than this many days from its end.
    static let daysKeptAhead = 60

    private let kept = NIOLockedValueBox<[UUID: (calendar: BusinessCalendar, since: Date, until: Date)]>([:])

    func calendar(_ calendar: BusinessCalendar, of unitID: UUID, near now: Date) -> BusinessCalendar {
        let day: TimeInterval = 86_400
        if let laid = kept.withLockedValue({ $0[unitID] }), now >= laid.since,
           now.addingTimeInterval(Double(Self.daysKeptAhead) * day) < laid.until {
            return laid.calendar
        }
        let since = now.addingTimeInterval(-Double(Self.daysBefore) * day)
        let until = now.addingTimeInterval(Double(Self.daysAfter) * day)
        let laid = calendar.laidOut(from: since, to: until)
        kept.withLockedValue { $0[unitID] = (laid, since, until) }
        return laid
    }
}
