import SwitchboardCore

/// Why a helpdesk operation did not happen. Each case maps to one HTTP status; the message
/// is written for the person who asked.
public enum HelpdeskError: Error, Equatable, Sendable {
    /// 401: no valid credentials.
    case unauthenticated(String)
    /// 403: known, but not allowed.
    case forbidden(String)
    /// 404: does not exist, or the caller may not know it exists.
    case notFound(String)
    /// 409: the request conflicts with the current state (an invalid transition, a duplicate).
    case conflict(String)
    /// 413: more data than the installation accepts.
    case tooLarge(String)
    /// 429: too many attempts; try again after `retryAfter` seconds.
    case tooManyRequests(String, retryAfter: Int)
    /// 503: the helpdesk cannot do it now (the database is busy); try again in a moment.
    case unavailable(String)
    /// 422: the values are wrong; one message per field.
    case invalid(FieldErrors)

    /// Throws `.invalid` when any field has a message.
    static func check(_ errors: FieldErrors) throws(HelpdeskError) {
        if !errors.isEmpty { throw .invalid(errors) }
    }

    static func invalid(_ field: String, _ message: String) -> HelpdeskError {
        var errors = FieldErrors()
        errors.add(field, message)
        return .invalid(errors)
    }

    static func refused(_ refusal: Permissions.Refusal, ticketID: Int) -> HelpdeskError {
        switch refusal {
        case .cannotRead: .notFound("Ticket #\(ticketID) does not exist.")
        case .notPermitted, .notEditable: .forbidden(refusal.description)
        case .ticketFinal, .ticketNotOpen: .conflict(refusal.description)
        }
    }

    static func refused(_ refusal: StatusTransitions.Refusal) -> HelpdeskError {
        switch refusal {
        case .notAllowedForRole: .forbidden(refusal.description)
        default: .conflict(refusal.description)
        }
    }

    public var message: String {
        switch self {
        case .unauthenticated(let message), .forbidden(let message), .notFound(let message), .conflict(let message),
             .tooLarge(let message), .tooManyRequests(let message, _), .unavailable(let message):
            message
        case .invalid(let errors):
            errors.summary
        }
    }
}
