import Fluent
import Foundation
import SwitchboardCore

/// The demo's services for the OLA report: the Operations Portal, GGUS and ARGO with their
/// endpoints and targets, a year of monitoring results every 15 minutes (mostly OK, with
/// warnings, incidents, monitoring gaps), scheduled and unscheduled downtimes, tickets for the
/// provider teams, a draft report for the last six full months and a published one before it.
/// Generated from a fixed seed, so every demo shows the same figures for the same end date.
enum DemoServices {
    struct Service {
        var name: String
        var description: String
        var provider: String
        var rule: ServiceRule
        var endpoints: [(hostname: String, serviceType: String)]
        var responseTargets: [String: String]
    }

    static let services: [Service] = [
        Service(name: "Operations Portal", description: "The operations dashboard, broadcasts and VO management of the infrastructure.",
                provider: "Operations Portal", rule: .anyPerGroup,
                endpoints: [("cclcgopsportal.in2p3.fr", "egi.Portal"), ("cclcgopsportal02.in2p3.fr", "egi.Portal")],
                responseTargets: ["less-urgent": "1wd", "urgent": "4h", "very-urgent": "2h", "top-priority": "1h"]),
        Service(name: "GGUS", description: "The helpdesk of the infrastructure.", provider: "GGUS", rule: .all,
                endpoints: [("ggus.eu", "egi.GGUS")], responseTargets: ["less-urgent": "1wd", "urgent": "4h", "very-urgent": "2h", "top-priority": "1h"]),
        Service(name: "ARGO", description: "Service monitoring and availability reports.", provider: "ARGO", rule: .all,
                endpoints: [("argo.egi.eu", "egi.ARGO"), ("argo-mon.egi.eu", "egi.ARGO.mon")],
                responseTargets: ["less-urgent": "2wd", "urgent": "1wd", "very-urgent": "4h", "top-priority": "2h"]),
    ]

    static let resultInterval: Int64 = 15 * 60
    /// Tickets for the provider teams over the year.
    static let ticketCount = 150

    /// Loads the services and their year; returns the number of results stored.
    @discardableResult
    static func load(_ helpdesk: Helpdesk, now: Date) async throws -> Int {
        let administrator = Acting.system.asAdministrator
        var random = SeededGenerator(state: 2004)
        let end = Int64(now.timeIntervalSince1970).floorDivided(by: resultInterval) * resultInterval
        let start = end - 365 * 86_400
        var stored = 0
        for service in services {
            _ = try await helpdesk.services.create(ServiceInput(
                name: service.name, description: service.description, providerUnit: service.provider, rule: service.rule.rawValue,
                availabilityTarget: 99, reliabilityTarget: 99, responseTargets: service.responseTargets,
                endpoints: service.endpoints.map { ServiceInput.Endpoint(hostname: $0.hostname, serviceType: $0.serviceType) }), by: administrator)
            // A maintenance every few months, announced (scheduled) and on every endpoint; one power cut, not announced.
            var scheduled: [Range<Int64>] = []
            for month in [2, 5, 8, 11] {
                let from = start + Int64(month * 30 + Int.random(in: 0...20, using: &random)) * 86_400 + 8 * 3600
                scheduled.append(from..<(from + Int64(Int.random(in: 2...6, using: &random)) * 3600))
            }
            for window in scheduled {
                _ = try await helpdesk.downtimes.create(DowntimeInput(
                    classification: "SCHEDULED", severity: "OUTAGE", description: "Upgrade of \(service.name) and its database.",
                    start: DowntimeOperations.format(window.lowerBound), end: DowntimeOperations.format(window.upperBound),
                    endpoints: service.endpoints.map { "\($0.hostname)/\($0.serviceType)" }), by: administrator)
            }
            var powerCut: Range<Int64>
            repeat {
                let cutStart = start + Int64(Int.random(in: 100...300, using: &random)) * 86_400 + 13 * 3600
                powerCut = cutStart..<(cutStart + 3 * 3600)
            } while scheduled.contains(where: { $0.overlaps(powerCut) })
            _ = try await helpdesk.downtimes.create(DowntimeInput(
                classification: "UNSCHEDULED", severity: "OUTAGE", description: "Power cut in the computing room.",
                start: DowntimeOperations.format(powerCut.lowerBound), end: DowntimeOperations.format(powerCut.upperBound),
                endpoints: [service.endpoints[0].hostname + "/" + service.endpoints[0].serviceType]), by: administrator)
            // Incidents that take every endpoint down at once (a database, the network), about one in two months.
            let incidents = (0..<6).map { _ -> Range<Int64> in
                let from = start + Int64.random(in: 0..<(365 * 86_400), using: &random) / 900 * 900
                return from..<(from + Int64.random(in: 1...12, using: &random) * 1800)
            }
            for (index, endpoint) in service.endpoints.enumerated() {
                let results = generate(from: start, to: end, down: scheduled + incidents + (index == 0 ? [powerCut] : []), random: &random)
                let endpointID = try await ServiceEndpointModel.query(on: helpdesk.database).filter(\.$hostname == endpoint.hostname)
                    .filter(\.$serviceType == endpoint.serviceType).first()!.requireID()
                let checked = results.map { MonitoringOperations.CheckedResult(endpointID: endpointID, metric: "", at: $0.at, status: $0.status) }
                _ = try await helpdesk.change(by: administrator) { context in try await MonitoringOperations.store(checked, on: context.database) }
                stored += results.count
            }
        }
        let history = try await HistoryImport(helpdesk: helpdesk).run(tickets: tickets(from: now.addingTimeInterval(-365 * 86_400), to: now, random: &random))
        if !history.refusals.isEmpty {
            throw SwitchboardConfiguration.Invalid(description: "The demo services' tickets were refused: \(history.refusals.prefix(3).map(\.description))")
        }
        try await writeReports(helpdesk, now: now)
        return stored
    }

    /// A result every 15 minutes: OK most of the time, sometimes WARNING for a while, an
    /// incident (CRITICAL) now and then, monitoring hiccups (UNKNOWN), a few hours without any
    /// result (MISSING), and CRITICAL during the `down` windows.
    static func generate(from start: Int64, to end: Int64, every interval: Int64 = resultInterval, down: [Range<Int64>],
                         random: inout SeededGenerator) -> [StatusTimeline.Change] {
        var results: [StatusTimeline.Change] = []
        results.reserveCapacity(Int((end - start) / interval))
        // Episode lengths are in half hours whatever the interval; their chance is per 15 minutes.
        let scale = Double(interval) / Double(resultInterval)
        var at = start
        var episode: (status: MonitoringStatus, until: Int64)?
        while at < end {
            if let current = episode, at >= current.until { episode = nil }
            if episode == nil {
                let roll = Double.random(in: 0..<1, using: &random) / scale
                if roll < 0.0003 { episode = (.critical, at + Int64.random(in: 1...10, using: &random) * 1800) }
                else if roll < 0.0030 { episode = (.warning, at + Int64.random(in: 1...8, using: &random) * 1800) }
                else if roll < 0.0040 { episode = (.unknown, at + Int64.random(in: 1...6, using: &random) * 1800) }
                else if roll < 0.0043 { episode = (.missing, at + Int64.random(in: 2...12, using: &random) * 1800) }
            }
            let status: MonitoringStatus = down.contains(where: { $0.contains(at) }) ? .critical : episode?.status ?? .ok
            // MISSING is no result at all: the monitoring sent nothing.
            if status != .missing { results.append(StatusTimeline.Change(at: at, status: status)) }
            at += interval
        }
        return results
    }

    /// Tickets filed to TPM and passed to a provider team, which reacts within hours (a few
    /// wait for a reaction still) and solves them.
    static func tickets(from start: Date, to end: Date, random: inout SeededGenerator) -> [HistoryTicket] {
        let slice = end.timeIntervalSince(start) / Double(ticketCount)
        return (0..<ticketCount).compactMap { index -> HistoryTicket? in
            let service = services[index % services.count]
            let developer = DemoHistory.developer(of: service.provider)
            let submitter = "operator\(Int.random(in: 1...12, using: &random))@sites.example.org"
            let priority: TicketPriority = [.lessUrgent, .lessUrgent, .lessUrgent, .urgent, .veryUrgent].randomElement(using: &random)!
            var at = start.addingTimeInterval((slice * (Double(index) + Double.random(in: 0..<0.8, using: &random))).rounded())
            let filed = at
            var events = [HistoryEvent(at: at, actor: submitter, change: .created(unit: "TPM", status: .new, priority: priority))]
            func advance(_ hours: ClosedRange<Double>) -> Bool {
                at = at.addingTimeInterval((Double.random(in: hours, using: &random) * 3600).rounded())
                return at < end
            }
            guard advance(0.2...6) else { return nil }
            events.append(HistoryEvent(at: at, actor: DemoHistory.triage, change: .assignedToUnit(from: "TPM", to: service.provider)))
            events.append(HistoryEvent(at: at, actor: DemoHistory.triage, change: .statusChanged(from: .new, to: .assigned, note: nil)))
            let reacts = advance(priority == .lessUrgent ? 0.5...40 : 0.1...6)
            if reacts {
                events.append(HistoryEvent(at: at, actor: developer, change: .statusChanged(from: .assigned, to: .inProgress, note: "Looking into it.")))
                if advance(2...72) {
                    events.append(HistoryEvent(at: at, actor: developer, change: .statusChanged(from: .inProgress, to: .solved,
                                                                                                note: "Fixed on the production instance.")))
                }
            }
            return HistoryTicket(
                externalID: String(format: "demo-ola-%05d", index + 1), type: .user, category: .incident, priority: priority,
                subject: "\(service.name): \(["page does not load", "wrong figures shown", "certificate expired", "login fails", "slow answers"].randomElement(using: &random)!)",
                description: "Seen by an operator while using \(service.name).", submitter: HistoryTicket.Person(email: submitter, name: "Operator"),
                vo: nil, site: nil, component: nil, componentVersion: nil, createdAt: filed, events: events)
        }
    }

    /// The Operations Portal's draft for the last six full months with its text, and the six months before it published.
    static func writeReports(_ helpdesk: Helpdesk, now: Date) async throws {
        let administrator = Acting(principal: Acting.system.asAdministrator.principal, name: "Ada Admin")
        let current = YearMonth(containing: Int64(now.timeIntervalSince1970))
        let last = current.previous
        let draft = MonthRange(first: last.adding(months: -5), last: last)
        let previousLast = draft.first.previous
        let published = MonthRange(first: previousLast.adding(months: -5), last: previousLast)
        let text = OLANarrative(
            effort: [.init(person: "Claire Martin", personMonths: 4), .init(person: "Louis Bernard", personMonths: 2), .init(person: "Paul Durand", personMonths: 6)],
            overview: "No major problems during the period; only minor disruptions and planned interventions for the portal releases and the upgrades "
                + "of the computing centre's infrastructure.\nWe tested each release with the operations team before putting it into production.",
            issuesArising: "", measuresPlanned: "",
            foreseenActivities: "Apart from the regular releases and the scheduled maintenance of the infrastructure we see no major issue in following the OLA.")
        _ = try await helpdesk.olaReports.saveNarrative(text, service: "Operations Portal", range: published, by: administrator)
        _ = try await helpdesk.olaReports.publish(service: "Operations Portal", range: published, by: administrator)
        _ = try await helpdesk.olaReports.saveNarrative(text, service: "Operations Portal", range: draft, by: administrator)
    }
}
