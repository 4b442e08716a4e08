import Foundation
import SwitchboardCore
import Vapor

/// The services pages: the catalogue, a service with its availability and downtimes, the
/// administrators' service form, and the OLA report with its narrative form, print view and files.
struct ServicesWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.services.pathComponents, use: services)
        signedIn.get(SiteURL.service(.key).pathComponents, use: service)
        signedIn.get(SiteURL.newService.pathComponents, use: newServiceForm)
        signedIn.post(SiteURL.newService.pathComponents, use: createService)
        signedIn.get(SiteURL.editService(.key).pathComponents, use: editServiceForm)
        signedIn.post(SiteURL.editService(.key).pathComponents, use: updateService)
        signedIn.post(SiteURL.serviceDowntimes(.key).pathComponents, use: addDowntime)
        signedIn.post(SiteURL.deleteDowntime(service: .key, downtime: .key).pathComponents, use: deleteDowntime)
        signedIn.get(SiteURL.olaReport(.key).pathComponents, use: olaReport)
        signedIn.post(SiteURL.olaReport(.key).pathComponents, use: saveNarrative)
        signedIn.get(SiteURL.olaReportPrint(.key).pathComponents, use: printView)
        signedIn.post(SiteURL.olaReportPublish(.key).pathComponents, use: publish)
        signedIn.get(SiteURL.olaReportFile(.key, .key).pathComponents, use: file)
    }

    func services(_ request: Request) async throws -> Response {
        request.render(ServicesPage.self, try await ServicesPage.query(request.helpdesk, actor: try request.webSession().signedIn.principal))
    }

    func service(_ request: Request) async throws -> Response {
        let model = try await ServicePage.query(request.helpdesk, id: try request.pathUUID("serviceID"), actor: try request.webSession().signedIn.principal)
        return request.render(ServicePage.self, model)
    }

    struct ServiceForm: Content {
        var name: String?
        var description: String?
        var providerUnit: String?
        var rule: String?
        var availabilityTarget: String?
        var reliabilityTarget: String?
        var endpoints: String?
        var targets: [String: String?]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyCodingKey.self)
            func value(_ key: String) throws -> String? { try container.decodeIfPresent(String.self, forKey: AnyCodingKey(stringValue: key)) }
            name = try value("name")
            description = try value("description")
            providerUnit = try value("providerUnit")
            rule = try value("rule")
            availabilityTarget = try value("availabilityTarget")
            reliabilityTarget = try value("reliabilityTarget")
            endpoints = try value("endpoints")
            targets = [:]
            for priority in TicketPriority.allCases { targets[priority.rawValue] = try value("target-\(priority.rawValue)") }
        }

        /// The form as the operation's input; a number field that is not a number is reported as such.
        func input() throws -> ServiceInput {
            var errors = FieldErrors()
            func percent(_ text: String?, _ field: String) -> Double? {
                let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { return nil }
                guard let value = Double(trimmed) else { errors.add(field, "A target is a percentage from 0 to 100."); return nil }
                return value
            }
            let availability = percent(availabilityTarget, "availabilityTarget")
            let reliability = percent(reliabilityTarget, "reliabilityTarget")
            try HelpdeskError.check(errors)
            let endpointLines = (endpoints ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return ServiceInput(
                name: name, description: description, providerUnit: providerUnit, rule: rule, availabilityTarget: availability,
                reliabilityTarget: reliability,
                responseTargets: targets.compactMapValues { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.value.isEmpty },
                endpoints: endpointLines.map { line in
                    let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                    let reference = parts[0].split(separator: "/", maxSplits: 1).map(String.init)
                    return ServiceInput.Endpoint(hostname: reference.first, serviceType: reference.count > 1 ? reference[1] : nil,
                                                 group: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil)
                })
        }

        var values: [String: String] {
            var values = ["name": name, "description": description, "providerUnit": providerUnit, "rule": rule, "availabilityTarget": availabilityTarget,
                          "reliabilityTarget": reliabilityTarget, "endpoints": endpoints].compactMapValues { $0 }
            for (key, value) in targets { if let value { values["target-\(key)"] = value } }
            return values
        }
    }

    static func values(of service: ServiceModel) -> [String: String] {
        var values = ["name": service.name, "description": service.serviceDescription, "providerUnit": service.$providerUnit.id.uuidString,
                      "rule": service.rule.rawValue, "availabilityTarget": SVGChart.format(service.availabilityTarget),
                      "reliabilityTarget": SVGChart.format(service.reliabilityTarget),
                      "endpoints": service.endpoints.sorted { $0.reference < $1.reference }.map { endpoint in
                          endpoint.reference + (endpoint.groupName == endpoint.serviceType ? "" : " \(endpoint.groupName)")
                      }.joined(separator: "\n")]
        for target in service.responseTargets { values["target-\(target.priority.rawValue)"] = target.target }
        return values
    }

    func newServiceForm(_ request: Request) async throws -> Response {
        _ = try request.administrator()
        return request.render(ServiceFormPage.self, .init(serviceID: nil, values: [:], units: try await request.helpdesk.units.unitChoices()))
    }

    func createService(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let form = try request.content.decode(ServiceForm.self)
        do {
            let service = try await request.helpdesk.services.create(try form.input(), by: web.signedIn.acting)
            return request.redirect(to: SiteURL.service(.value(try service.requireID())).path, redirectType: .normal)
        } catch HelpdeskError.invalid(let errors) {
            let model = ServiceFormPage.Model(serviceID: nil, values: form.values, errors: errors.messages, units: try await request.helpdesk.units.unitChoices())
            return request.render(ServiceFormPage.self, model, status: .unprocessableEntity)
        }
    }

    func editServiceForm(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let id = try request.pathUUID("serviceID")
        let service = try await request.helpdesk.services.find(id.uuidString, for: web.signedIn.principal)
        return request.render(ServiceFormPage.self, .init(serviceID: id, values: Self.values(of: service), units: try await request.helpdesk.units.unitChoices()))
    }

    func updateService(_ request: Request) async throws -> Response {
        let web = try request.administrator()
        let id = try request.pathUUID("serviceID")
        let form = try request.content.decode(ServiceForm.self)
        do {
            _ = try await request.helpdesk.services.update(id.uuidString, with: try form.input(), by: web.signedIn.acting)
            return request.redirect(to: SiteURL.service(.value(id)).path, redirectType: .normal)
        } catch HelpdeskError.invalid(let errors) {
            let model = ServiceFormPage.Model(serviceID: id, values: form.values, errors: errors.messages, units: try await request.helpdesk.units.unitChoices())
            return request.render(ServiceFormPage.self, model, status: .unprocessableEntity)
        }
    }

    struct DowntimeForm: Content {
        var classification: String?
        var severity: String?
        var start: String?
        var end: String?
        var endpoints: String?
        var description: String?

        var values: [String: String] {
            ["classification": classification, "severity": severity, "start": start, "end": end, "endpoints": endpoints, "description": description]
                .compactMapValues { $0 }
        }
    }

    static let downtimeFields: Set<String> = ["classification", "severity", "start", "end", "endpoints", "description"]

    func addDowntime(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let id = try request.pathUUID("serviceID")
        let form = try request.content.decode(DowntimeForm.self)
        let principal = web.signedIn.principal
        return try await request.submit(ServicePage.self, reload: { try await ServicePage.query(request.helpdesk, id: id, actor: principal) }, show: { model, error in
            if case .invalid(let errors) = error {
                model.downtimeErrors = errors.messages
                // What is not about one field (an overlap with another downtime) goes above the form.
                let general = errors.messages.filter { !Self.downtimeFields.contains($0.key) }.flatMap(\.value)
                if !general.isEmpty { model.error = general.joined(separator: " ") }
            } else {
                model.error = error.message
            }
            model.downtimeValues = form.values
        }) {
            let input = DowntimeInput(classification: form.classification, severity: form.severity, description: form.description, start: form.start,
                                      end: form.end, endpoints: (form.endpoints ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                                          .filter { !$0.isEmpty })
            _ = try await request.helpdesk.downtimes.create(input, by: web.signedIn.acting)
            var model = try await ServicePage.query(request.helpdesk, id: id, actor: principal)
            model.notice = "The downtime was entered."
            return request.render(ServicePage.self, model)
        }
    }

    func deleteDowntime(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let id = try request.pathUUID("serviceID")
        let principal = web.signedIn.principal
        return try await request.submit(ServicePage.self, reload: { try await ServicePage.query(request.helpdesk, id: id, actor: principal) },
                                        show: { model, error in model.error = error.message }) {
            try await request.helpdesk.downtimes.delete(try request.pathUUID("downtimeID"), by: web.signedIn.acting)
            var model = try await ServicePage.query(request.helpdesk, id: id, actor: principal)
            model.notice = "The downtime was removed."
            return request.render(ServicePage.self, model)
        }
    }

    func olaReport(_ request: Request) async throws -> Response {
        let model = try await OLAReportPage.query(request.helpdesk, id: try request.pathUUID("serviceID"), actor: try request.webSession().signedIn.principal,
                                                  url: request.url)
        return request.render(OLAReportPage.self, model)
    }

    func printView(_ request: Request) async throws -> Response {
        var model = try await OLAReportPage.query(request.helpdesk, id: try request.pathUUID("serviceID"), actor: try request.webSession().signedIn.principal,
                                                  url: request.url)
        model.print = true
        return request.render(OLAReportPage.self, model)
    }

    struct NarrativeForm: Content {
        var effort: String?
        var overview: String?
        var issuesArising: String?
        var measuresPlanned: String?
        var foreseenActivities: String?

        var values: [String: String] {
            ["effort": effort, "overview": overview, "issuesArising": issuesArising, "measuresPlanned": measuresPlanned,
             "foreseenActivities": foreseenActivities].compactMapValues { $0 }
        }

        /// "Name: months" lines; a line that is not one is reported with its number.
        func narrative() throws -> OLANarrative {
            var errors = FieldErrors()
            var people: [OLANarrative.Effort] = []
            for (number, line) in (effort ?? "").split(whereSeparator: \.isNewline).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { continue }
                guard let colon = trimmed.lastIndex(of: ":"),
                      let months = Double(trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "PM", with: "")
                          .trimmingCharacters(in: .whitespaces)) else {
                    errors.add("effort", "Line \(number + 1) is not 'Name: person-months'.")
                    continue
                }
                people.append(.init(person: String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces), personMonths: months))
            }
            try HelpdeskError.check(errors)
            return OLANarrative(effort: people, overview: overview ?? "", issuesArising: issuesArising ?? "", measuresPlanned: measuresPlanned ?? "",
                                foreseenActivities: foreseenActivities ?? "")
        }
    }

    func saveNarrative(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let id = try request.pathUUID("serviceID")
        let form = try request.content.decode(NarrativeForm.self)
        let url = request.url
        return try await request.submit(OLAReportPage.self, reload: { try await OLAReportPage.query(request.helpdesk, id: id, actor: web.signedIn.principal, url: url) },
                                        show: { model, error in
            if case .invalid(let errors) = error { model.errors = errors.messages } else { model.error = error.message }
            model.values = form.values
        }) {
            let values = url.nonEmptyQueryValues
            let range = try MonthRange.parse(from: values["from"], to: values["to"], now: request.helpdesk.clock.now())
            let report = try await request.helpdesk.olaReports.saveNarrative(try form.narrative(), service: id.uuidString, range: range, by: web.signedIn.acting)
            var model = OLAReportPage.Model(report: report, values: OLAReportPage.formValues(report.narrative))
            model.notice = "The draft was saved."
            return request.render(OLAReportPage.self, model)
        }
    }

    func publish(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let id = try request.pathUUID("serviceID")
        let url = request.url
        return try await request.submit(OLAReportPage.self, reload: { try await OLAReportPage.query(request.helpdesk, id: id, actor: web.signedIn.principal, url: url) },
                                        show: { model, error in model.error = error.message }) {
            let values = url.nonEmptyQueryValues
            let range = try MonthRange.parse(from: values["from"], to: values["to"], now: request.helpdesk.clock.now())
            let report = try await request.helpdesk.olaReports.publish(service: id.uuidString, range: range, by: web.signedIn.acting)
            var model = OLAReportPage.Model(report: report, values: OLAReportPage.formValues(report.narrative))
            model.notice = "The report is published."
            return request.render(OLAReportPage.self, model)
        }
    }

    /// `report.md`, `report.json`, `table.csv` or `chart.svg`.
    func file(_ request: Request) async throws -> Response {
        let name = request.parameters.get("file") ?? ""
        guard ["report.md", "report.json", "table.csv", "chart.svg"].contains(name) else { throw HelpdeskError.notFound("There is no file '\(name)'.") }
        let model = try await OLAReportPage.query(request.helpdesk, id: try request.pathUUID("serviceID"), actor: try request.webSession().signedIn.principal,
                                                  url: request.url)
        let report = model.report
        let base = "ola-\(report.service.name.lowercased().replacingOccurrences(of: " ", with: "-"))-\(report.range.first)-\(report.range.last)"
        let response: Response
        switch name {
        case "report.md":
            response = ServicesController.text(OLAReportDocument.markdown(report), type: "text/markdown; charset=utf-8")
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(Self.fileName(base)).md\"")
        case "report.json":
            response = try await OLAReportResponse(report).encodeResponse(for: request)
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(Self.fileName(base)).json\"")
        case "table.csv":
            response = ReportsWebController.download(OLAReportDocument.csv(report), name: Self.fileName(base) + ".csv")
        default:
            response = ServicesController.text(#"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + OLAReportDocument.chart(report).svg, type: "image/svg+xml")
        }
        return response
    }

    /// Letters, digits, dots and dashes only, for a Content-Disposition file name.
    static func fileName(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == ".") ? Character($0) : "-" })
    }
}
