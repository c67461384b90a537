package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.SessionState;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type that describes a {@link CommandHandler} service: its command name,
 * the states in which it is valid and its {@link CommandFlag}s. The dispatcher checks the state
 * before parsing a single argument. Example:
 *
 * <pre>{@code
 * @Component(service = CommandHandler.class)
 * @ImapCommand(name = "IDLE", states = {SessionState.AUTHENTICATED, SessionState.SELECTED},
 *              flags = CommandFlag.LONG_RUNNING, capability = "IDLE")
 * public class IdleCommand implements CommandHandler<IdleCommand.Args> { ... }
 * }</pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ImapCommand {

    /** Prefix of the service properties, e.g. {@code imap.command.name}. */
    String PREFIX_ = "imap.command.";

    /** The command name, upper case, e.g. {@code GETQUOTA}; a {@code UID} form is named {@code UID SORT}. */
    String name();

    /** States in which the command is valid (RFC 9051 section 6). */
    SessionState[] states();

    /** Flags the dispatcher obeys. */
    CommandFlag[] flags() default {};

    /**
     * The capability that enables the command for a tenant (tenants list allowed capabilities);
     * empty for a command that needs none.
     */
    String capability() default "";
}
