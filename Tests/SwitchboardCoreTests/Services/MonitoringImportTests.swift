import Foundation
import Testing
@testable import SwitchboardCore

/// Reading ARGO's status JSON and GOCDB's downtime XML: the samples, and every malformed case.
@Suite struct MonitoringImportTests {
    static func sample(_ name: String) throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples").appendingPathComponent(name)
        return try Data(contentsOf: url)
    }

    @Test func theARGOSampleGivesEveryEndpointsTimeline() throws {
        let (timelines, problems) = ARGOStatusFile.parse(try Self.sample("argo-status.json"))
        #expect(problems.isEmpty)
        #expect(timelines.map { "\($0.hostname)/\($0.serviceType)" } == ["cclcgopsportal.in2p3.fr/egi.Portal", "cclcgopsportal02.in2p3.fr/egi.Portal"])
        let first = StatusTimeline(results: timelines[0].results)
        let day = first.durations(from: 1_335_830_400, to: 1_335_830_400 + 86_400)
        #expect(String(format: "%.2f %.2f", day.availability!, day.reliability!) == "27.78 35.71")
    }

    @Test(arguments: [
        ("not json", "not JSON"),
        (#"{"groups": 3}"#, "no \"groups\" list"),
        (#"{"groups": [{"name": "A"}]}"#, "groups[0]: The group has no \"endpoints\" list."),
        (#"{"groups": [{"endpoints": [{"service": "s", "statuses": []}]}]}"#, "groups[0].endpoints[0]: \"hostname\" is missing."),
        (#"{"groups": [{"endpoints": [{"hostname": "h", "service": "s", "statuses": [{"timestamp": "2015-05-01T00:00:00Z", "value": "BROKEN"}]}]}]}"#,
         "groups[0].endpoints[0].statuses[0]: \"BROKEN\" is not a status"),
        (#"{"groups": [{"endpoints": [{"hostname": "h", "service": "s", "statuses": [{"timestamp": "yesterday", "value": "OK"}]}]}]}"#,
         "\"yesterday\" is not an ISO 8601 instant"),
        (#"{"groups": [{"endpoints": [{"hostname": "h", "service": "s", "statuses": [{"timestamp": "2015-05-01T05:00:00Z", "value": "OK"}, {"timestamp": "2015-05-01T01:00:00Z", "value": "OK"}]}]}]}"#,
         "statuses[1]: The timestamps go backwards"),
    ])
    func malformedARGODocumentsAreRefusedWhole(document: String, message: String) {
        let (timelines, problems) = ARGOStatusFile.parse(Data(document.utf8))
        #expect(timelines.isEmpty)
        #expect(problems.contains { $0.description.contains(message) }, "\(problems)")
    }

    @Test func theGOCDBSampleJoinsTheElementsOfOneDowntime() throws {
        let (downtimes, problems) = GOCDBDowntimeFile.parse(try Self.sample("gocdb-downtimes.xml"))
        #expect(problems.isEmpty)
        #expect(downtimes.count == 2)
        #expect(downtimes[0].primaryKey == "100728G0")
        #expect(downtimes[0].classification == .scheduled)
        #expect(downtimes[0].severity == .outage)
        #expect(downtimes[0].endpoints == ["cclcgopsportal.in2p3.fr/egi.Portal", "cclcgopsportal02.in2p3.fr/egi.Portal"])
        #expect(downtimes[0].start == 1_336_464_000)
        #expect(downtimes[0].end == 1_336_471_200)
        #expect(downtimes[1].classification == .unscheduled)
        #expect(downtimes[1].description == "Power cut in the computing room.")
    }

    static func element(key: String = "1G0", classification: String = "SCHEDULED", severity: String = "OUTAGE", start: String = "1000",
                        end: String = "2000", host: String = "h.example.org", type: String = "egi.Portal") -> String {
        """
        <DOWNTIME ID="1" PRIMARY_KEY="\(key)" CLASSIFICATION="\(classification)"><PRIMARY_KEY>\(key)</PRIMARY_KEY>
        <HOSTNAME>\(host)</HOSTNAME><SERVICE_TYPE>\(type)</SERVICE_TYPE><SEVERITY>\(severity)</SEVERITY>
        <START_DATE>\(start)</START_DATE><END_DATE>\(end)</END_DATE></DOWNTIME>
        """
    }

    @Test(arguments: [
        ("<results><DOWNTIME>", "not well-formed XML"),
        ("", "The document is empty."),
        ("<results>" + element(start: "3000", end: "2000") + "</results>", "DOWNTIME element 1 (1G0): It ends (2000) before it starts (3000)."),
        ("<results>" + element(classification: "MAYBE") + "</results>", "CLASSIFICATION is SCHEDULED or UNSCHEDULED"),
        ("<results>" + element(severity: "BAD") + "</results>", "SEVERITY is OUTAGE or WARNING"),
        ("<results>" + element(start: "soon") + "</results>", "START_DATE is missing"),
        ("<results>" + element(host: "") + "</results>", "HOSTNAME and SERVICE_TYPE"),
        ("<results>" + element() + element(end: "2500", host: "other.example.org") + "</results>", "DOWNTIME element 2 (1G0): The same downtime is listed before"),
    ])
    func malformedGOCDBDocumentsAreRefusedWhole(document: String, message: String) {
        let (downtimes, problems) = GOCDBDowntimeFile.parse(Data(document.utf8))
        #expect(downtimes.isEmpty)
        #expect(problems.contains { $0.description.contains(message) }, "\(problems)")
    }

    @Test func anEmptyResultListHasNoDowntimes() {
        let (downtimes, problems) = GOCDBDowntimeFile.parse(Data("<results/>".utf8))
        #expect(downtimes.isEmpty)
        #expect(problems.isEmpty)
    }
}
