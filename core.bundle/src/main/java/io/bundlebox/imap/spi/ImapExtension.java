package io.bundlebox.imap.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type naming the extension an SPI service belongs to: service property
 * {@value #NAME}, one or more capability names (e.g. {@code CONDSTORE}). Tenants allow extensions
 * by these names or by the bundle's symbolic name ({@code extensions} key of {@code conf/tenant-NAME.cfg}).
 *
 * <p>Without this property a service is named by what it declares anyway: a command by its
 * {@link ImapCommand#capability()}, an {@link Enableable} by its {@link Enableable#capability()};
 * a service that declares nothing belongs to every name its bundle declares (and to the bundle's
 * symbolic name). So an extension bundle that only its own capability names is covered without
 * this annotation; use it to split a bundle's services between several capabilities, e.g.
 *
 * <pre>{@code
 * @Component(service = FetchAttribute.class)
 * @ImapExtension("CONDSTORE")
 * public class ModSeqItem implements FetchAttribute { ... }
 * }</pre>
 *
 * <p>Services are ordered by {@code service.ranking} (higher first, then the older service): when
 * two bundles offer one command, FETCH item, key or parameter name, the higher ranking one the
 * session's tenant allows serves, and withdrawing it restores the other.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ImapExtension {

    /** The service property, {@code imap.extension}. */
    String NAME = "imap.extension";

    /** The capability names, upper case, e.g. {@code {"CONDSTORE"}}. */
    String[] value();
}
