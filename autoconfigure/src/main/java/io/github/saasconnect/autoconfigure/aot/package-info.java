/** Spring AOT and native-image hints for what SaaS Connect reaches by reflection. */
@NullMarked
package io.github.saasconnect.autoconfigure.aot;

import org.jspecify.annotations.NullMarked;
