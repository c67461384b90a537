/**
 * The Bundlebox launcher: {@code bin/bundlebox} runs {@link io.bundlebox.launcher.Main}, which
 * sets up an installation home, configures logging, and embeds Apache Felix with the
 * distribution's {@code bundles/}; Felix FileInstall then watches the home's {@code conf/} and
 * {@code extensions/}. It also edits the users file ({@code bundlebox user ...}). The launcher
 * knows the server's bundles only as jar files: nothing here imports the core.
 */
package io.bundlebox.launcher;
