package io.cairn.monitoring.internal.rest;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.DiagnosticsComponent;
import io.cairn.monitoring.internal.IncidentComponent;
import io.cairn.monitoring.internal.alert.AlertException;
import io.cairn.monitoring.internal.incident.Incident;
import io.cairn.web.RestException;
import io.cairn.web.RestRequest;
import io.cairn.web.RestResource;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/** {@code /api/v1/incidents} and {@code /api/v1/diagnostics/dump}: one small {@link RestResource} each. */
public final class IncidentRoutes {

    private IncidentRoutes() {
    }

    @Component(service = RestResource.class)
    public static final class ListIncidents extends Route.Answering {
        private final IncidentComponent incidents;

        @Activate
        public ListIncidents(@Reference IncidentComponent incidents) {
            super("GET", "/incidents", Role.VIEWER, "Incidents, newest first (?status=open|closed|all, ?limit=)");
            this.incidents = incidents;
        }

        @Override
        RestResponse answer(RestRequest request) throws RestException, AlertException {
            String status = request.query("status").orElse("all").trim();
            int limit = AshResource.intParameter(request, "limit", 100, 1, 10_000);
            return RestResponse.ok(Map.of("incidents", incidents.list(status.equals("all") ? null : status, limit)
                    .stream().map(Incident::json).toList()));
        }
    }

    @Component(service = RestResource.class)
    public static final class Get extends Route.Answering {
        private final IncidentComponent incidents;

        @Activate
        public Get(@Reference IncidentComponent incidents) {
            super("GET", "/incidents/{id}", Role.VIEWER, "One incident with its context");
            this.incidents = incidents;
        }

        @Override
        RestResponse answer(RestRequest request) throws RestException, AlertException {
            return RestResponse.ok(incidents.get(Route.id(request, "id")).json());
        }
    }

    @Component(service = RestResource.class)
    public static final class Close extends Route.Answering {
        private final IncidentComponent incidents;

        @Activate
        public Close(@Reference IncidentComponent incidents) {
            super("POST", "/incidents/{id}/close", Role.ADMIN, "Close an incident");
            this.incidents = incidents;
        }

        @Override
        RestResponse answer(RestRequest request) throws RestException, AlertException {
            return RestResponse.ok(incidents.close(Route.id(request, "id"), request.user()).json());
        }
    }

    @Component(service = RestResource.class)
    public static final class IncidentDump extends Route.Answering {
        private final DiagnosticsComponent diagnostics;

        @Activate
        public IncidentDump(@Reference DiagnosticsComponent diagnostics) {
            super("GET", "/incidents/{id}/dump", Role.ADMIN, "Diagnostic dump (zip) of an incident");
            this.diagnostics = diagnostics;
        }

        @Override
        RestResponse answer(RestRequest request) throws RestException, AlertException {
            long id = Route.id(request, "id");
            byte[] zip = diagnostics.incidentDump(id);
            return RestResponse.binary("application/zip", zip, DiagnosticsComponent.incidentFileName(id));
        }
    }

    @Component(service = RestResource.class)
    public static final class Dump extends Route.Answering {
        private final DiagnosticsComponent diagnostics;

        @Activate
        public Dump(@Reference DiagnosticsComponent diagnostics) {
            super("GET", "/diagnostics/dump", Role.ADMIN, "On-demand diagnostic dump (zip) of a database (?database=)");
            this.diagnostics = diagnostics;
        }

        @Override
        RestResponse answer(RestRequest request) throws RestException {
            String database = request.query("database").orElse("default").trim();
            if (!diagnostics.open(database)) {
                throw RestException.notFound("no open database '" + database + "'");
            }
            return RestResponse.binary("application/zip", diagnostics.dump(database),
                    DiagnosticsComponent.fileName(database));
        }
    }
}
