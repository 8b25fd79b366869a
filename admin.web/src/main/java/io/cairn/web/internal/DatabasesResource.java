package io.cairn.web.internal;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.cairn.sql.Database;
import io.cairn.storage.BufferPoolStats;
import io.cairn.storage.FragmentationStats;
import io.cairn.storage.StorageStats;

/**
 * {@code GET /api/v1/databases} lists the open databases; {@code GET /api/v1/databases/<name>}
 * shows one; {@code GET /api/v1/databases/<name>/storage} its buffer pool, WAL and data file figures.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("cairn-databases")
@HttpWhiteboardServletPattern({"/api/v1/databases", "/api/v1/databases/*"})
public final class DatabasesResource extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private final transient List<Database> databases = new CopyOnWriteArrayList<>();

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"GET".equals(req.getMethod())) {
            resp.setHeader("Allow", "GET");
            StatusResource.write(resp, 405, Json.error(405, req.getMethod() + " is not supported here; use GET"));
            return;
        }
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String[] parts = path.replaceAll("^/+|/+$", "").split("/", -1);
        if (parts.length == 1 && parts[0].isEmpty()) {
            String list = databases.stream().sorted(Comparator.comparing(Database::name))
                    .map(DatabasesResource::describe).collect(Collectors.joining(",", "[", "]"));
            StatusResource.write(resp, 200, "{\"databases\":" + list + "}");
            return;
        }
        Optional<Database> db = databases.stream().filter(d -> d.name().equals(parts[0])).findFirst();
        if (db.isEmpty()) {
            StatusResource.write(resp, 404, Json.error(404, "no database named '" + parts[0] + "' is open"));
        } else if (parts.length == 1) {
            StatusResource.write(resp, 200, describe(db.get()));
        } else if (parts.length == 2 && parts[1].equals("storage")) {
            StatusResource.write(resp, 200, storage(db.get()));
        } else {
            StatusResource.write(resp, 404, Json.error(404, "no resource at /api/v1/databases" + path));
        }
    }

    private static String describe(Database db) {
        return "{\"name\":" + Json.string(db.name()) + ",\"directory\":" + Json.string(db.directory().toString()) + "}";
    }

    static String storage(Database db) {
        StorageStats s = db.storage().stats();
        BufferPoolStats bp = s.bufferPool();
        FragmentationStats f = db.storage().fragmentation();
        return "{\"name\":" + Json.string(db.name())
                + ",\"bufferPool\":{\"capacityFrames\":" + bp.capacityFrames() + ",\"usedFrames\":" + bp.usedFrames()
                + ",\"pinnedFrames\":" + bp.pinnedFrames() + ",\"dirtyPages\":" + bp.dirtyPages()
                + ",\"hits\":" + bp.hits() + ",\"misses\":" + bp.misses() + ",\"reads\":" + bp.reads()
                + ",\"writes\":" + bp.writes() + ",\"evictions\":" + bp.evictions() + ",\"hitRatio\":" + bp.hitRatio() + "}"
                + ",\"wal\":{\"firstLsn\":" + s.walFirstLsn() + ",\"endLsn\":" + s.walEndLsn()
                + ",\"durableLsn\":" + s.walDurableLsn() + ",\"bytes\":" + s.walBytes()
                + ",\"bytesWritten\":" + s.walBytesWritten() + ",\"fsyncs\":" + s.walFsyncs()
                + ",\"fsyncNanos\":" + s.walFsyncNanos() + ",\"commitsPerFsync\":" + s.commitsPerFsync()
                + ",\"logPoints\":" + s.logPoints() + ",\"pagesLogged\":" + s.pagesLogged() + "}"
                + ",\"checkpoint\":{\"redoLsn\":" + s.checkpointRedoLsn() + ",\"count\":" + s.checkpoints() + "}"
                + ",\"dataFile\":{\"bytes\":" + s.dataFileBytes() + ",\"pages\":" + s.pageCount()
                + ",\"freePages\":" + f.freePages() + ",\"reclaimableBytes\":" + f.reclaimableBytes() + "}}";
    }
}
