import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// Plays `DemoCatalogue` through the helpdesk's own operations, so every demo ticket has a
/// real history. Timestamps start 60 days before now and move forward step by step.
enum DemoLoader {
    /// Loads the demo data when the database has no support units; returns whether it did.
    @discardableResult
    static func loadIfEmpty(_ helpdesk: Helpdesk, console: any Console) async throws -> Bool {
        guard try await SupportUnitModel.query(on: helpdesk.database).count() == 0 else {
            console.say("The database already has support units; the demo data was not loaded.")
            return false
        }
        let now = helpdesk.clock.now()
        let (clock, time) = AppClock.manual(now.addingTimeInterval(-60 * 86_400))
        let demo = helpdesk.with(clock: clock)
        let administrator = Acting.system.asAdministrator

        var unitIDs: [String: UUID] = [:]
        for unit in DemoCatalogue.units {
            let created = try await demo.units.createSupportUnit(NewSupportUnitInput(
                name: unit.name, tier: unit.tier.rawValue, parent: unit.parent, mailingList: unit.mailingList,
                serviceLevel: unit.serviceLevel, timeZone: unit.timeZone), by: administrator)
            unitIDs[unit.name] = try created.requireID()
        }

        for product in DemoCatalogue.products {
            _ = try await demo.products.create(NewProductInput(name: product.name, ownerUnit: product.team, components: product.components), by: administrator)
        }

        var people: [String: Acting] = [:]
        for person in DemoCatalogue.people {
            let user = try await demo.accounts.createUser(
                NewUserInput(email: person.email, displayName: person.displayName, password: DemoCatalogue.password, isAdmin: person.isAdmin),
                by: nil)
            for unit in person.units {
                _ = try await demo.units.addMember(unitID: unitIDs[unit]!, userID: try user.requireID(), role: .unitAdmin, by: administrator)
            }
            people[person.key] = Acting(principal: try await demo.accounts.principal(for: user), name: user.displayName)
        }

        for script in DemoCatalogue.tickets {
            time.advance(by: TimeInterval(script.hoursAfterPrevious * 3600))
            guard time.current < now else { break }
            let ticket = try await demo.tickets.createTicket(NewTicketInput(
                subject: script.subject, description: script.description, priority: script.priority.rawValue,
                category: script.category.rawValue, affectedSite: script.site, vo: script.vo, component: script.component
            ), by: people[script.submitter]!)
            let id = try ticket.requireID()
            for step in script.steps {
                time.advance(by: 50 * 60)
                switch step {
                case .route(let unit, let by, let note):
                    try await demo.tickets.assign(ticketID: id, unit: unit, assignee: nil, note: note, by: people[by]!)
                case .takeOver(let person, let unit, let by):
                    try await demo.tickets.assign(ticketID: id, unit: unit, assignee: people[person]!.principal.userID, note: nil, by: people[by]!)
                case .comment(let text, let by, let isInternal):
                    try await demo.tickets.addComment(ticketID: id, body: text, visibility: isInternal ? .internal : .public, by: people[by]!)
                case .status(let status, let by, let note):
                    try await demo.tickets.changeStatus(ticketID: id, to: status, note: note, by: people[by]!)
                case .priority(let priority, let by, let justification):
                    try await demo.tickets.changePriority(ticketID: id, to: priority, justification: justification, by: people[by]!)
                case .involve(let unit, let by):
                    try await demo.tickets.involve(ticketID: id, unit: unit, user: nil, by: people[by]!)
                case .fix(let component, let version, let by, let note):
                    try await demo.releases.recordFix(ticketID: id, component: component, version: version, note: note, by: people[by]!)
                case .estimate(let days, let by):
                    try await demo.requirements.estimate(ticketID: id, personDays: days, note: nil, by: people[by]!)
                case .requirementToProductTeam(let unit, let by):
                    try await demo.requirements.routeToProductTeam(ticketID: id, unit: unit, note: nil, by: people[by]!)
                case .knownIssue(let impact, let workaround, let published, let by):
                    _ = try await demo.knownIssues.create(fromTicket: id, KnownIssueInput(impact: impact, workaround: workaround, published: published),
                                                          by: people[by]!)
                }
            }
        }

        // Reply templates, so the reply form has something to offer.
        for (unit, name, body) in DemoCatalogue.replyTemplates {
            _ = try await demo.replyTemplates.create(ReplyTemplateInput(name: name, body: body), unitID: unitIDs[unit]!, by: administrator)
        }

        for script in DemoCatalogue.releases {
            time.advance(by: 86_400)
            guard time.current < now else { break }
            let release = try await demo.releases.announce(component: script.component, version: script.version, by: people[script.announcedBy]!)
            for move in script.moves {
                time.advance(by: 2 * 86_400)
                guard time.current < now else { break }
                _ = try await demo.releases.move(try release.requireID(), to: move.stage.rawValue, reason: move.reason, by: people[move.by]!)
            }
        }

        // A year of history for the reports, ending two months ago, where the scripted tickets begin.
        let year = DemoHistory.tickets(count: DemoHistory.yearCount, from: now.addingTimeInterval(-425 * 86_400),
                                       to: now.addingTimeInterval(-62 * 86_400), now: now)
        let history = try await HistoryImport(helpdesk: helpdesk).run(tickets: year)
        if !history.refusals.isEmpty {
            throw SwitchboardConfiguration.Invalid(description: "The demo history was refused: \(history.refusals.prefix(3).map(\.description))")
        }

        // Services with a year of monitoring, downtimes and provider tickets for the OLA reports.
        let results = try await DemoServices.load(helpdesk, now: now)

        console.say("Loaded the demo: \(String(DemoCatalogue.units.count)) support units, \(String(DemoCatalogue.tickets.count)) scripted tickets "
            + "and a year of \(String(history.imported)) more for the reports, \(String(DemoCatalogue.products.count)) products, "
            + "\(String(DemoCatalogue.releases.count)) releases, \(String(DemoServices.services.count)) services with a year of "
            + "\(String(results)) monitoring results.")
        console.say("Demo accounts (password for all: \(DemoCatalogue.password)):")
        for person in DemoCatalogue.people {
            let role = person.isAdmin ? "administrator" : person.units.isEmpty ? "submitter" : "supporter in \(person.units.joined(separator: ", "))"
            console.say("  \(person.email)  \(role)")
        }
        return true
    }
}
