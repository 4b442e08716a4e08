import Foundation

extension SwitchboardConfiguration {
    /// "[Switchboard #123]": identifies the ticket in a mail's subject.
    func subjectTag(_ ticketID: Int) -> String { "[\(subjectPrefix) #\(ticketID)]" }
}
