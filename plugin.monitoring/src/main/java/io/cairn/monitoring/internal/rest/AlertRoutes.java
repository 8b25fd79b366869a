package io.cairn.monitoring.internal.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.AlertComponent;
import io.cairn.monitoring.internal.alert.Alert;
import io.cairn.monitoring.internal.alert.AlertException;
import io.cairn.monitoring.internal.alert.AlertRule;
import io.cairn.web.JsonObject;
import io.cairn.web.RestException;
import io.cairn.web.RestRequest;
import io.cairn.web.RestResource;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/** The alert routes under {@code /api/v1/alerts}: one small {@link RestResource} service each. */
public final class AlertRoutes {

    private AlertRoutes() {
    }

    /** The HTTP error of an alert or incident failure (also the console pages' answer). */
    public static RestException http(AlertException e) {
        return switch (e.kind()) {
            case INVALID -> RestException.badRequest("invalid_value", e.getMessage());
            case NOT_FOUND -> RestException.notFound(e.getMessage());
            case CONFLICT -> new RestException(409, "conflict", e.getMessage());
            case UNAVAILABLE -> new RestException(503, "unavailable", e.getMessage());
        };
    }

    /** A route over the alert component. */
    abstract static class AlertRoute extends Route.Answering {
        final AlertComponent alerts;

        AlertRoute(AlertComponent alerts, String method, String path, Role role, String summary) {
            super(method, path, role, summary);
            this.alerts = alerts;
        }

        static AlertRule rule(RestRequest request) throws RestException, AlertException {
            JsonObject body = request.body().allowOnly("name", "metric", "labels", "operator", "threshold",
                    "for_seconds", "severity", "category", "enabled", "description");
            Map<String, Object> fields = new LinkedHashMap<>();
            for (String k : List.of("name", "metric", "operator", "severity", "category", "description")) {
                fields.put(k, body.string(k, null));
            }
            if (body.has("labels")) {
                StringBuilder labels = new StringBuilder();
                body.scalars("labels").forEach((k, v) -> labels.append(labels.length() == 0 ? "" : ",").append(k)
                        .append('=').append(v));
                fields.put("labels", labels.toString());
            }
            Object threshold = body.asMap().get("threshold");
            if (threshold != null && !(threshold instanceof Number)) {
                throw RestException.badRequest("wrong_type", "field 'threshold' must be a number");
            }
            fields.put("threshold", threshold);
            fields.put("for_seconds", body.integer("for_seconds", 0, 0, 86_400));
            Object enabled = body.asMap().get("enabled");
            if (enabled != null && !(enabled instanceof Boolean)) {
                throw RestException.badRequest("wrong_type", "field 'enabled' must be true or false");
            }
            fields.put("enabled", enabled);
            return AlertComponent.parse(fields);
        }
    }

    @Component(service = RestResource.class)
    public static final class ListRules extends AlertRoute {
        @Activate
        public ListRules(@Reference AlertComponent alerts) {
            super(alerts, "GET", "/alerts/rules", Role.VIEWER, "Alert rules");
        }

        @Override
        RestResponse answer(RestRequest request) throws AlertException {
            return RestResponse.ok(Map.of("rules", alerts.rules().stream().map(AlertRule::json).toList()));
        }
    }

    @Component(service = RestResource.class)
    public static final class AddRule extends AlertRoute {
        @Activate
        public AddRule(@Reference AlertComponent alerts) {
            super(alerts, "POST", "/alerts/rules", Role.ADMIN, "Add an alert rule");
        }

        @Override
        RestResponse answer(RestRequest request) throws RestException, AlertException {
            return new RestResponse(201, alerts.add(rule(request)).json());
        }
    }

    @Component(service = RestResource.class)
    public static final class GetRule extends AlertRoute {
        @Activate
        public GetRule(@Reference AlertComponent alerts) {
            super(alerts, "GET", "/alerts/rules/{id}", Role.VIEWER, "One alert rule");
        }

        @Override
        RestResponse answer(RestRequest request) throws RestException, AlertException {
            return RestResponse.ok(alerts.rule(id(request, "id")).json());
        }
    }

    @Component(service = RestResource.class)
    public static final class UpdateRule extends AlertRoute {
        @Activate
        public UpdateRule(@Reference AlertComponent alerts) {
            super(alerts, "PUT", "/alerts/rules/{id}", Role.ADMIN, "Replace an alert rule");
        }

        @Override
        RestResponse answer(RestRequest request) throws RestException, AlertException {
            long id = id(request, "id");
            return RestResponse.ok(alerts.update(id, rule(request)).json());
        }
    }

    @Component(service = RestResource.class)
    public static final class DeleteRule extends AlertRoute {
        @Activate
        public DeleteRule(@Reference AlertComponent alerts) {
            super(alerts, "DELETE", "/alerts/rules/{id}", Role.ADMIN, "Delete an alert rule");
        }

        @Override
        RestResponse answer(RestRequest request) throws RestException, AlertException {
            return RestResponse.ok(Map.of("deleted", alerts.remove(id(request, "id")).json()));
        }
    }

    @Component(service = RestResource.class)
    public static final class Active extends AlertRoute {
        @Activate
        public Active(@Reference AlertComponent alerts) {
            super(alerts, "GET", "/alerts", Role.VIEWER, "Alerts firing now");
        }

        @Override
        RestResponse answer(RestRequest request) throws AlertException {
            return RestResponse.ok(Map.of("alerts", alerts.active().stream().map(Alert::json).toList()));
        }
    }

    @Component(service = RestResource.class)
    public static final class History extends AlertRoute {
        @Activate
        public History(@Reference AlertComponent alerts) {
            super(alerts, "GET", "/alerts/history", Role.VIEWER, "Past and firing alerts, newest first");
        }

        @Override
        RestResponse answer(RestRequest request) throws RestException, AlertException {
            int limit = AshResource.intParameter(request, "limit", 100, 1, 10_000);
            return RestResponse.ok(Map.of("alerts", alerts.history(limit).stream().map(Alert::json).toList()));
        }
    }

    @Component(service = RestResource.class)
    public static final class Acknowledge extends AlertRoute {
        @Activate
        public Acknowledge(@Reference AlertComponent alerts) {
            super(alerts, "POST", "/alerts/{id}/ack", Role.ADMIN, "Acknowledge an alert");
        }

        @Override
        RestResponse answer(RestRequest request) throws RestException, AlertException {
            return RestResponse.ok(alerts.acknowledge(id(request, "id"), request.user()).json());
        }
    }
}
