package dev.portmonitor.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import dev.portmonitor.config.ConfigBinder;
import dev.portmonitor.config.Secret;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.Collections;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The Credentials plugin, as the engine sees it: a secret by id, looked up as the system in the
 * global (Jenkins) context, and handed over as the engine's {@link Secret}, which prints as
 * {@code ****}.
 */
final class Credentials {

    private Credentials() {
    }

    /** Secret text gives its secret; a username with password gives the password. */
    static ConfigBinder.CredentialsLookup lookup() {
        return id -> {
            StandardCredentials found = find(id, StandardCredentials.class);
            if (found instanceof StringCredentials text) {
                return new Secret(text.getSecret().getPlainText(), "credential " + id);
            }
            if (found instanceof StandardUsernamePasswordCredentials login) {
                return new Secret(login.getPassword().getPlainText(), "credential " + id);
            }
            return null;
        };
    }

    /** The user name of a username-with-password credential, or null. */
    static String username(String id) {
        StandardUsernamePasswordCredentials login = find(id, StandardUsernamePasswordCredentials.class);
        return login == null ? null : login.getUsername();
    }

    private static <C extends StandardCredentials> C find(String id, Class<C> type) {
        if (id == null || id.isBlank()) {
            return null;
        }
        return CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(type, Jenkins.get(), ACL.SYSTEM2, Collections.emptyList()),
                CredentialsMatchers.withId(id.strip()));
    }

    /**
     * The credentials a select may offer. Listing them reveals ids and descriptions, so only an
     * administrator gets the list; anyone else sees just the current value.
     */
    static ListBoxModel items(String current, Class<? extends StandardCredentials> type) {
        StandardListBoxModel model = new StandardListBoxModel();
        boolean hasCurrent = current != null && !current.isBlank();
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return hasCurrent ? model.includeCurrentValue(current) : model;
        }
        ListBoxModel all = model.includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), type, Collections.emptyList(), CredentialsMatchers.always());
        return hasCurrent ? model.includeCurrentValue(current) : all;
    }
}
