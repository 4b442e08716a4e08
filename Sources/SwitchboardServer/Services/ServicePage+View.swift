import Foundation
import SwitchboardCore

/// How ServicePage looks: HTML from its model, nothing else.
extension ServicePage {
    static func render(_ model: Model, context: PageContext) -> String {
        let service = model.service
        let id = service.id!
        var content: [Markup] = [
            el("div", [cls("page-title")], el("h1", [], text(service.name)),
               model.mayAdminister ? link("Edit", SiteURL.editService(.value(id)).path, [cls("button secondary")]) : group([])),
            Forms.notice(model.notice, kind: "success"),
            Forms.notice(model.error),
            el("section", [cls("card")],
               service.serviceDescription.isEmpty ? group([]) : el("p", [], text(service.serviceDescription)),
               el("dl", [cls("facts")],
                  el("dt", [], text("Provider")), el("dd", [], text(service.providerUnit.name)),
                  el("dt", [], text("Rule")), el("dd", [], text(service.rule == .all ? "Up when every endpoint is up"
                                                                 : "Up when one endpoint of every group is up")),
                  el("dt", [], text("Targets")), el("dd", [], text("availability \(SVGChart.format(service.availabilityTarget)) %, "
                      + "reliability \(SVGChart.format(service.reliabilityTarget)) %")),
                  el("dt", [], text("Support response")), el("dd", [], text(service.responseTargets.isEmpty ? "no targets"
                      : service.responseTargets.sorted { $0.priority < $1.priority }.map { "\($0.priority.rawValue) \($0.target)" }.joined(separator: ", ")))),
               el("p", [], link("OLA report (last six full months)", SiteURL.olaReport(.value(id)).path))),
            el("section", [cls("card")], el("h2", [], text("Endpoints")),
               service.endpoints.isEmpty ? el("p", [cls("empty")], text("No endpoints yet.")) :
               el("ul", [], service.endpoints.sorted { $0.reference < $1.reference }.map { endpoint in
                   el("li", [], el("code", [], text(endpoint.reference)), text(endpoint.groupName == endpoint.serviceType ? "" : " (group \(endpoint.groupName))"))
               })),
            monthsSection(model),
            downtimesSection(model, context: context),
        ]
        if model.mayEdit { content.append(downtimeForm(model, context: context)) }
        return Layout.render(title: service.name, context: context, active: .services, group(content))
    }

    static func monthsSection(_ model: Model) -> Markup {
        let service = model.service
        let chart = OLAReportDocument.availabilityChart(
            id: "service-chart", title: "Availability and reliability per month", months: model.months.map { ($0.month.description, $0.durations) },
            availabilityTarget: service.availabilityTarget, reliabilityTarget: service.reliabilityTarget)
        return el("section", [cls("card chart-card"), Attr("id", "availability")], el("h2", [], text("The last twelve months (UTC)")),
            el("div", [cls("table-wrap")], el("table", [cls("table")],
                el("thead", [], el("tr", [], ["Month", "Availability %", "Reliability %", "Up", "Unknown", "Scheduled downtime"]
                    .map { el("th", [Attr("scope", "col")], text($0)) })),
                el("tbody", [], model.months.reversed().map { month in
                    el("tr", [], el("td", [], text(month.month.description)),
                       ServicesPage.figure(month.durations.availability, target: service.availabilityTarget),
                       ServicesPage.figure(month.durations.reliability, target: service.reliabilityTarget),
                       el("td", [cls("number")], text(hours(month.durations.upSeconds))),
                       el("td", [cls("number")], text(hours(month.durations.unknownSeconds))),
                       el("td", [cls("number")], text(hours(month.durations.scheduledDowntimeSeconds))))
                }))),
            .raw(chart.svg))
    }

    static func hours(_ seconds: Int64) -> String { String(format: "%.1f h", Double(seconds) / 3600) }

    static func downtimesSection(_ model: Model, context: PageContext) -> Markup {
        el("section", [cls("card"), Attr("id", "downtimes")], el("h2", [], text("Downtimes")),
           model.downtimes.isEmpty ? el("p", [cls("empty")], text("No downtimes in the last twelve months.")) :
           el("div", [cls("table-wrap")], el("table", [cls("table")],
               el("thead", [], el("tr", [], ["From", "To", "Kind", "Endpoints", "Description", "Source", ""].map { el("th", [], text($0)) })),
               el("tbody", [], model.downtimes.map { downtime in
                   el("tr", [],
                      el("td", [], text(instant(downtime.startsAt, zone: model.service.providerUnit.timeZone))),
                      el("td", [], text(instant(downtime.endsAt, zone: model.service.providerUnit.timeZone))),
                      el("td", [], text("\(downtime.classification.rawValue.lowercased()) \(downtime.severity.rawValue.lowercased())")),
                      el("td", [], text(downtime.endpoints.map(\.endpoint.reference).sorted().joined(separator: ", "))),
                      el("td", [], text(downtime.downtimeDescription)),
                      el("td", [], text(downtime.sourceID.map { "GOCDB \($0)" } ?? downtime.recordedBy)),
                      el("td", [], model.mayEdit ? Forms.post(SiteURL.deleteDowntime(service: .value(model.service.id!), downtime: .value(downtime.id!)).path,
                                                              context: context, classes: "inline", [Forms.submit("Remove", kind: "secondary")]) : group([])))
               }))),
           el("p", [cls("hint")], text("Times in the provider's zone (\(model.service.providerUnit.timeZone)); the figures are computed in UTC. "
               + "A scheduled outage replaces the monitored status (DOWNTIME); an unscheduled one, or one only \"at risk\" "
               + "(warning), changes no figure: the service counts as monitored.")))
    }

    /// Shown in the provider's zone; the figures are computed in UTC.
    static func instant(_ seconds: Int64, zone: String) -> String {
        Format.absolute(Date(timeIntervalSince1970: TimeInterval(seconds)), zone: zone)
    }

    static func downtimeForm(_ model: Model, context: PageContext) -> Markup {
        let values = model.downtimeValues
        return el("section", [cls("card"), Attr("id", "new-downtime")], el("h2", [], text("Enter a downtime")),
            Forms.post(SiteURL.serviceDowntimes(.value(model.service.id!)).path, context: context, [
                Forms.select("Classification", name: "classification", options: [
                    Forms.Option(value: "SCHEDULED", label: "Scheduled"), Forms.Option(value: "UNSCHEDULED", label: "Unscheduled"),
                ], selected: values["classification"], errors: model.downtimeErrors["classification"]),
                Forms.select("Severity", name: "severity", options: [
                    Forms.Option(value: "OUTAGE", label: "Outage"), Forms.Option(value: "WARNING", label: "At risk (warning)"),
                ], selected: values["severity"], errors: model.downtimeErrors["severity"]),
                Forms.field("Start", name: "start", value: values["start"], required: true, errors: model.downtimeErrors["start"],
                            hint: "An instant such as 2012-05-08T08:00:00Z."),
                Forms.field("End", name: "end", value: values["end"], required: true, errors: model.downtimeErrors["end"]),
                Forms.field("Endpoints", name: "endpoints", value: values["endpoints"] ?? model.service.endpoints.map(\.reference).sorted().joined(separator: ", "),
                            required: true, errors: model.downtimeErrors["endpoints"], hint: "hostname/serviceType, separated by commas."),
                Forms.textArea("Description", name: "description", value: values["description"], required: true, rows: 2,
                               errors: model.downtimeErrors["description"]),
                Forms.submit("Enter downtime"),
            ]))
    }
}
