import Foundation
import SwitchboardCore

/// The demo installation: the support structure of the seed (DESIGN.md §3), a few people in
/// each role, and scripted ticket histories. Pure data; the server plays it through the same
/// operations the API uses.
public enum DemoCatalogue {
    public struct Unit: Sendable {
        public var name: String
        public var tier: SupportTier
        public var parent: String?
        public var serviceLevel: String
        public var timeZone: String

        public var mailingList: String {
            let local = name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            return "\(local)-support@helpdesk.example.org"
        }
    }

    public struct Person: Sendable {
        public var key: String
        public var displayName: String
        public var email: String
        public var isAdmin: Bool
        public var units: [String]
    }

    /// Every demo account has this password; demo installations are not for production.
    public static let password = "switchboard-demo"

    static let bestEffortTeams = ["Grid-SAFE", "OGSA-DAI"]
    static let level1Teams = [
        "ARGUS", "BES-GRAM", "CERN Data", "gLite MPI", "Globus Appliances", "GridWay", "GSISSH-Term",
        "NORDUGRID-ARC", "SHIWA-GT5-Adapter",
    ]
    static let level2Teams = [
        "CERN BDII", "CREAM", "dCache", "EMIR", "gLite security", "L&B", "NGI_CZ/Metacentrum", "QCG", "UNICORE", "VOMS-StoRM",
    ]
    static let level3Teams = ["GGUS", "Operations Portal", "ARGO"]

    public static let units: [Unit] = {
        var units = [
            Unit(name: "TPM", tier: .firstLine, parent: nil, serviceLevel: ServiceLevelName.level3, timeZone: "Europe/Amsterdam"),
            Unit(name: "DMSU", tier: .secondLine, parent: nil, serviceLevel: ServiceLevelName.level2, timeZone: "Europe/Prague"),
            Unit(name: "Product teams", tier: .thirdLine, parent: nil, serviceLevel: ServiceLevelName.bestEffort, timeZone: "Europe/Amsterdam"),
        ]
        let levels: [(String, [String])] = [
            (ServiceLevelName.bestEffort, bestEffortTeams), (ServiceLevelName.level1, level1Teams),
            (ServiceLevelName.level2, level2Teams), (ServiceLevelName.level3, level3Teams),
        ]
        for (level, teams) in levels {
            for team in teams {
                units.append(Unit(name: team, tier: .thirdLine, parent: "Product teams", serviceLevel: level, timeZone: "Europe/Berlin"))
            }
        }
        units.append(Unit(name: "UMD Release", tier: .release, parent: nil, serviceLevel: ServiceLevelName.bestEffort, timeZone: "Europe/Amsterdam"))
        return units
    }()

    public static let people: [Person] = [
        Person(key: "admin", displayName: "Ada Admin", email: "admin@helpdesk.example.org", isAdmin: true, units: []),
        Person(key: "triage", displayName: "Tomas Triage", email: "triage@helpdesk.example.org", isAdmin: false, units: ["TPM"]),
        Person(key: "expert", displayName: "Eva Expert", email: "expert@helpdesk.example.org", isAdmin: false, units: ["DMSU"]),
        Person(key: "dcache", displayName: "Dirk dCache", email: "dcache-dev@helpdesk.example.org", isAdmin: false, units: ["dCache"]),
        Person(key: "cream", displayName: "Chiara CREAM", email: "cream-dev@helpdesk.example.org", isAdmin: false, units: ["CREAM"]),
        Person(key: "release", displayName: "Rui Release", email: "release@helpdesk.example.org", isAdmin: false, units: ["UMD Release"]),
        Person(key: "alice", displayName: "Alice Scientist", email: "alice@physics.example.edu", isAdmin: false, units: []),
        Person(key: "bob", displayName: "Bob Siteadmin", email: "bob@grid-site.example.net", isAdmin: false, units: []),
    ]

    /// One step of a scripted history; `by` names a person's key.
    public enum Step: Sendable {
        case route(to: String, by: String, note: String?)
        case takeOver(person: String, unit: String, by: String)
        case comment(String, by: String, internal: Bool)
        case status(TicketStatus, by: String, note: String?)
        case priority(TicketPriority, by: String, justification: String)
        case involve(unit: String, by: String)
        /// The product team records the released fix: the ticket goes to the release unit.
        case fix(component: String, version: String, by: String, note: String?)
        /// Second line's effort estimate of a requirement, in person-days.
        case estimate(Double, by: String)
        /// A requirement handed to a product team as a less urgent ticket.
        case requirementToProductTeam(unit: String, by: String)
        /// A known issue documented from the ticket.
        case knownIssue(impact: String, workaround: String?, published: Bool, by: String)
    }

    /// A release and the moves it makes, played after the tickets.
    public struct ReleaseScript: Sendable {
        public var component: String
        public var version: String
        public var announcedBy: String
        public var moves: [(stage: ReleaseStage, by: String, reason: String?)]
    }

    /// A dCache release on its way (its fix waits), a CREAM release rejected and the next one
    /// in production (its fix is closed).
    public static let releases: [ReleaseScript] = [
        ReleaseScript(component: "dcache", version: "9.2.15-1.el9", announcedBy: "dcache", moves: [(.inVerification, "release", nil)]),
        ReleaseScript(component: "glite-ce-cream", version: "1.16.6-1.el9", announcedBy: "cream",
                      moves: [(.rejected, "release", "Fails the UMD verification: the BLAH parser does not start.")]),
        ReleaseScript(component: "glite-ce-cream", version: "1.16.7-1.el9", announcedBy: "cream",
                      moves: [(.inVerification, "release", nil), (.inStagedRollout, "release", nil), (.inProduction, "release", nil)]),
    ]

    public struct TicketScript: Sendable {
        public var submitter: String
        public var subject: String
        public var description: String
        public var priority: TicketPriority
        public var category: TicketCategory
        public var site: String?
        public var vo: String?
        public var component: String?
        public var steps: [Step]
        /// Hours between this ticket's creation and the previous one's.
        public var hoursAfterPrevious: Int
    }

    struct Problem {
        var subject: String
        var component: String
        var team: String
        var site: String
        var vo: String
    }

    static let problems: [Problem] = [
        Problem(subject: "dCache pool refuses SRM transfers after upgrade to 2.6", component: "dCache", team: "dCache", site: "DESY-HH", vo: "atlas"),
        Problem(subject: "CREAM CE leaves jobs in REALLY-RUNNING after batch system restart", component: "CREAM", team: "CREAM", site: "INFN-T1", vo: "cms"),
        Problem(subject: "VOMS proxy init fails with 'unknown CA' for new IGTF bundle", component: "VOMS", team: "VOMS-StoRM", site: "CESNET", vo: "biomed"),
        Problem(subject: "Top BDII drops GLUE2 entries of the site every few hours", component: "BDII", team: "CERN BDII", site: "PRAGUELCG2", vo: "ops"),
        Problem(subject: "ARGUS PEP daemon crashes on banned DN with UTF-8 characters", component: "ARGUS", team: "ARGUS", site: "NIKHEF-ELPROD", vo: "lhcb"),
        Problem(subject: "L&B server database grows without bound after purge failure", component: "L&B", team: "L&B", site: "CESNET", vo: "auger"),
        Problem(subject: "StoRM returns SRM_INTERNAL_ERROR on srmLs of large directories", component: "StoRM", team: "VOMS-StoRM", site: "INFN-CNAF", vo: "virgo"),
        Problem(subject: "UNICORE/X rejects jobs when the user's DN contains a comma", component: "UNICORE", team: "UNICORE", site: "FZJ", vo: "vo.eu-decide.eu"),
        Problem(subject: "ARC CE infosys publishes wrong number of free slots", component: "ARC CE", team: "NORDUGRID-ARC", site: "NDGF-T1", vo: "alice"),
        Problem(subject: "gLite MPI wrapper ignores the requested number of nodes", component: "MPI-Start", team: "gLite MPI", site: "IFCA-LCG2", vo: "compchem"),
        Problem(subject: "GridWay stops scheduling after a transient GRAM failure", component: "GridWay", team: "GridWay", site: "UCM", vo: "fusion"),
        Problem(subject: "GSISSH-Term applet cannot load proxy from MyProxy server", component: "GSISSH-Term", team: "GSISSH-Term", site: "LRZ", vo: "dteam"),
        Problem(subject: "EMIR DSR does not expire stale service records", component: "EMIR", team: "EMIR", site: "JUELICH", vo: "ops"),
        Problem(subject: "QCG broker loses reservations when the notification service restarts", component: "QCG", team: "QCG", site: "PSNC", vo: "vo.plgrid.pl"),
        Problem(subject: "Globus GridFTP appliance fails checksum verification for files over 4 GB", component: "GridFTP", team: "Globus Appliances", site: "NIIF", vo: "envirogrids"),
        Problem(subject: "CERN Data: FTS transfers stuck in READY state", component: "FTS", team: "CERN Data", site: "CERN-PROD", vo: "atlas"),
        Problem(subject: "BES-GRAM returns malformed activity status documents", component: "BES-GRAM", team: "BES-GRAM", site: "SZTAKI", vo: "gaussian"),
        Problem(subject: "gLite security: glexec fails with LCMAPS plugin error 32", component: "glexec", team: "gLite security", site: "GRIF", vo: "cms"),
    ]

    /// The product catalogue: each team of the seed's Table 3 with the package names that ship
    /// its software (GGUS, the helpdesk itself, ships nothing to UMD).
    /// Reply templates of the demo's units.
    public static let replyTemplates: [(unit: String, name: String, body: String)] = [
        ("DMSU", "Ask for the version", "Dear {{submitter}},\n\nto look into {{ticket}} we need the exact version of the middleware at the "
            + "site: please send the output of `rpm -qa | sort` from the affected host.\n\nBest regards,\n{{unit}}"),
        ("DMSU", "Passed to the product team", "Dear {{submitter}},\n\nwe reproduced the problem and passed {{ticket}} to the product team, "
            + "which answers within {{target}} of its working time.\n\n{{unit}}"),
        ("dCache", "Fixed in the next release", "Dear {{submitter}},\n\nthe fix for {{ticket}} is in the next dCache release; the ticket "
            + "closes when that release reaches production (UMD).\n\nThe dCache team"),
    ]

    public static let products: [(name: String, team: String, components: [String])] = [
        ("Grid-SAFE", "Grid-SAFE", ["gridsafe"]),
        ("OGSA-DAI", "OGSA-DAI", ["ogsadai"]),
        ("ARGUS", "ARGUS", ["argus-pap", "argus-pdp", "argus-pepd", "argus-pep-api-c"]),
        ("BES-GRAM", "BES-GRAM", ["bes-gram"]),
        ("DPM/LFC", "CERN Data", ["dpm", "lcgdm-dav", "lfc", "fts"]),
        ("MPI-Start", "gLite MPI", ["mpi-start", "glite-mpi"]),
        ("Globus", "Globus Appliances", ["globus-gridftp-server", "globus-gram-job-manager"]),
        ("GridWay", "GridWay", ["gridway"]),
        ("GSISSH-Term", "GSISSH-Term", ["gsissh-term"]),
        ("ARC", "NORDUGRID-ARC", ["nordugrid-arc", "nordugrid-arc-arex", "nordugrid-arc-client"]),
        ("SHIWA GT5 adapter", "SHIWA-GT5-Adapter", ["shiwa-gt5-adapter"]),
        ("BDII", "CERN BDII", ["bdii", "glite-info-provider-service"]),
        ("CREAM", "CREAM", ["glite-ce-cream", "glite-ce-cream-cli", "glite-ce-blahp"]),
        ("dCache", "dCache", ["dcache", "dcache-srmclient"]),
        ("EMIR", "EMIR", ["emi-emir"]),
        ("LCMAPS/glexec", "gLite security", ["lcmaps", "lcas", "glexec"]),
        ("L&B", "L&B", ["glite-lb-server", "glite-lb-client"]),
        ("Metacentrum tools", "NGI_CZ/Metacentrum", ["torque-metacentrum"]),
        ("QCG", "QCG", ["qcg-broker", "qcg-comp"]),
        ("UNICORE", "UNICORE", ["unicore-unicorex", "unicore-gateway"]),
        ("VOMS", "VOMS-StoRM", ["voms", "voms-clients", "voms-admin-server"]),
        ("StoRM", "VOMS-StoRM", ["storm-backend-server", "storm-frontend-server"]),
    ]

    /// The demo person who answers for a product team (the administrator where the team has none).
    static func developer(of team: String) -> String {
        people.first { $0.units.contains(team) }?.key ?? "admin"
    }

    /// Shapes of history the demo tickets follow, so the demo shows every status.
    static func steps(shape: Int, team: String) -> [Step] {
        switch shape % 9 {
        case 0:
            return []
        case 1:
            return [
                .route(to: "DMSU", by: "triage", note: "Looks like a middleware problem; second line please have a look."),
                .takeOver(person: "expert", unit: "DMSU", by: "expert"),
            ]
        case 2:
            return [
                .route(to: "DMSU", by: "triage", note: nil),
                .comment("Reproduced on our test bed; probably a regression in the last release.", by: "expert", internal: true),
                .status(.waitingForReply, by: "expert", note: "Could you attach the service log from the time of the failure?"),
            ]
        case 3:
            return [
                .route(to: "DMSU", by: "triage", note: nil),
                .status(.inProgress, by: "expert", note: nil),
                .route(to: team, by: "expert", note: "Reproduction: start the service with the default configuration and send one request; the log shows the failure."),
                .status(.inProgress, by: developer(of: team), note: "We can reproduce it and are working on a fix."),
            ]
        case 4:
            return [
                .route(to: "DMSU", by: "triage", note: nil),
                .status(.solved, by: "expert", note: "This is a known configuration issue: set the option documented in the release notes and restart."),
            ]
        case 5:
            return [
                .route(to: "DMSU", by: "triage", note: nil),
                .status(.solved, by: "expert", note: "Fixed by the configuration change described above."),
                .status(.verified, by: "submitter", note: "Confirmed, works now. Thanks!"),
            ]
        case 6:
            return [
                .priority(.veryUrgent, by: "triage", justification: "Production site down for a large VO."),
                .route(to: "DMSU", by: "triage", note: nil),
                .involve(unit: team, by: "expert"),
                .comment("The product team is involved; we are collecting logs together.", by: "expert", internal: false),
                .status(.onHold, by: "expert", note: "Waiting for the product team's patch."),
            ]
        case 7:
            return [
                .route(to: "DMSU", by: "triage", note: nil),
                .comment("Root cause: an unchecked return value in the request handler.", by: "expert", internal: true),
                .route(to: team, by: "expert", note: "Confirmed defect; details in the internal notes."),
                .status(.solved, by: developer(of: team), note: "Fixed in the next release."),
                .status(.reopened, by: "submitter", note: "The fixed version still shows the problem on one of our nodes."),
            ]
        default:
            return [
                .route(to: "DMSU", by: "triage", note: nil),
                .status(.unsolved, by: "expert", note: "The problem could not be reproduced and the site no longer sees it."),
            ]
        }
    }

    /// A few dozen tickets in varied states, oldest first.
    public static let tickets: [TicketScript] = {
        var scripts: [TicketScript] = []
        let priorities: [TicketPriority] = [.lessUrgent, .urgent, .lessUrgent, .veryUrgent, .lessUrgent, .topPriority, .urgent]
        for round in 0..<2 {
            for (index, problem) in problems.enumerated() {
                let number = round * problems.count + index
                let submitter = number % 3 == 0 ? "bob" : "alice"
                var steps = steps(shape: number, team: problem.team)
                steps = steps.map { step in
                    if case .status(let status, let by, let note) = step, by == "submitter" {
                        return .status(status, by: submitter, note: note)
                    }
                    return step
                }
                scripts.append(TicketScript(
                    submitter: submitter,
                    subject: round == 0 ? problem.subject : "Follow-up: \(problem.subject)",
                    description: """
                        Since yesterday we see this problem on \(problem.site) for the \(problem.vo) VO.
                        Component: \(problem.component). The service logs show repeated errors; \
                        restarting the service helps only for a short while.
                        """,
                    priority: number % 9 == 6 ? .urgent : priorities[number % priorities.count],
                    category: number % 11 == 10 ? .serviceRequest : .incident,
                    site: problem.site, vo: problem.vo, component: problem.component,
                    steps: steps, hoursAfterPrevious: 5 + (number * 7) % 41))
            }
        }
        // Two fixes that wait in UMD Release for the releases above.
        scripts.append(TicketScript(
            submitter: "alice", subject: "dCache WebDAV door leaks file descriptors under load",
            description: "After a day of heavy WebDAV traffic the door runs out of file descriptors and refuses connections.",
            priority: .urgent, category: .incident, site: "DESY-HH", vo: "atlas", component: "dcache",
            steps: [.route(to: "dCache", by: "triage", note: nil),
                    .knownIssue(impact: "WebDAV transfers to and from the affected doors fail after about a day of load.",
                                workaround: "Restart the WebDAV door nightly until 9.2.15 is installed.", published: true, by: "dcache"),
                    .fix(component: "dcache", version: "9.2.15", by: "dcache", note: "The descriptor leak is fixed in 9.2.15.")],
            hoursAfterPrevious: 6))
        scripts.append(TicketScript(
            submitter: "bob", subject: "CREAM CE loses job status after a restart of the BLAH parser",
            description: "Jobs stay REALLY-RUNNING after the BLAH parser restarts.",
            priority: .lessUrgent, category: .incident, site: "INFN-T1", vo: "cms", component: "glite-ce-cream",
            steps: [.route(to: "CREAM", by: "triage", note: nil),
                    .knownIssue(impact: "Jobs on the CE look running for ever; users resubmit them.", workaround: nil, published: true, by: "cream"),
                    .fix(component: "glite-ce-cream", version: "1.16.7", by: "cream", note: nil)],
            hoursAfterPrevious: 6))
        // Requirements: one handed to a product team, one large enough for the requirements
        // queue (the demo has none configured), one not assessed yet.
        scripts.append(TicketScript(
            submitter: "alice", subject: "Publish the number of GPUs per queue in the BDII",
            description: "Our users choose sites by their GPUs; the information system does not say how many a queue has.",
            priority: .urgent, category: .requirement, site: nil, vo: "atlas", component: "BDII",
            steps: [.route(to: "DMSU", by: "triage", note: nil), .estimate(3, by: "expert"),
                    .requirementToProductTeam(unit: "CERN BDII", by: "expert")],
            hoursAfterPrevious: 4))
        scripts.append(TicketScript(
            submitter: "bob", subject: "Accounting records for cloud virtual machines",
            description: "Sites that run cloud resources want their VM usage in the accounting portal next to the batch jobs.",
            priority: .lessUrgent, category: .requirement, site: "CESNET", vo: nil, component: "APEL",
            steps: [.route(to: "DMSU", by: "triage", note: nil), .estimate(25, by: "expert")],
            hoursAfterPrevious: 4))
        scripts.append(TicketScript(
            submitter: "alice", subject: "Token-based authentication for CREAM job submission",
            description: "The VO moves from proxies to tokens; job submission should accept them.",
            priority: .lessUrgent, category: .requirement, site: nil, vo: "atlas", component: "CREAM",
            steps: [.route(to: "DMSU", by: "triage", note: nil)],
            hoursAfterPrevious: 3))
        return scripts
    }()
}
