package dev.medallion.sql.gateway;

import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.session.SessionEnvironment;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.apache.flink.table.gateway.api.utils.SqlGatewayException;
import org.apache.flink.table.gateway.service.operation.OperationExecutor;
import org.apache.flink.table.gateway.service.session.Session;
import org.apache.flink.table.gateway.service.session.SessionManager;

import java.util.List;

/**
 * Flink's session manager, plus: every new session runs the given statements before the client gets its handle, as
 * the SQL client's {@code --init} file would. Used for {@link SessionStatements} (the pipeline's tables and functions).
 */
final class InitializingSessionManager implements SessionManager {
    private final SessionManager delegate;
    private final List<String> statements;

    InitializingSessionManager(SessionManager delegate, List<String> statements) {
        this.delegate = delegate;
        this.statements = List.copyOf(statements);
    }

    @Override
    public Session openSession(SessionEnvironment environment) throws SqlGatewayException {
        Session session = delegate.openSession(environment);
        OperationExecutor executor = session.createExecutor();
        for (String statement : statements) {
            try {
                executor.configureSession(OperationHandle.create(), statement).close();
            } catch (RuntimeException e) {
                delegate.closeSession(session.getSessionHandle());
                throw new SqlGatewayException("A statement that prepares every session failed, so the session was "
                        + "not opened (is Kafka reachable and the gateway started with the pipeline's variables?): "
                        + e.getMessage() + "\n--- statement ---\n" + statement, e);
            }
        }
        return session;
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public void stop() {
        delegate.stop();
    }

    @Override
    public Session getSession(SessionHandle handle) throws SqlGatewayException {
        return delegate.getSession(handle);
    }

    @Override
    public void closeSession(SessionHandle handle) throws SqlGatewayException {
        delegate.closeSession(handle);
    }
}
