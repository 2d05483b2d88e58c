package io.matrixmon.core.render;

import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.util.ForLoop;
import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;
import jinjava.javax.el.MethodNotFoundException;
import jinjava.javax.el.PropertyNotFoundException;

/**
 * The template sandbox. Jinjava's own sandbox is a deny-list (any public method other than a few
 * runs), so this resolver allows reading map entries and list items, and calling only
 * {@code items()}, {@code keys()} and {@code values()} on maps, and reading a for loop's counters
 * ({@code loop.index0}, {@code loop.last}, ...: the template's own state, needed to write a JSON
 * list's commas). Templates and the descriptor strings they print can reach no Java method, class
 * or file.
 */
final class ModelOnlyResolver extends ELResolver {

    private static final Set<String> MAP_METHODS = Set.of("items", "keys", "values");
    private final ELResolver delegate = JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY;

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base == null || base instanceof Map || base instanceof List || base.getClass().isArray()
                || base instanceof ForLoop) {
            return delegate.getValue(context, base, property);
        }
        throw new PropertyNotFoundException("templates may only read model data: '" + property
                + "' of a " + kind(base) + " is not readable");
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
        boolean mapMethod = base instanceof Map && MAP_METHODS.contains(String.valueOf(method))
                && (params == null || params.length == 0);
        // Jinjava applies filters and "is" tests by invoking them through this resolver.
        boolean filterOrTest = base instanceof Filter && "filter".equals(method)
                || base instanceof ExpTest && "evaluate".equals(method);
        if (mapMethod || filterOrTest) {
            return delegate.invoke(context, base, method, types, params);
        }
        throw new MethodNotFoundException("templates may not call methods: '" + method + "()' on a "
                + kind(base) + " (use filters; maps allow items(), keys() and values())");
    }

    private static String kind(Object base) {
        return base == null ? "nothing" : base instanceof Map ? "mapping" : base instanceof CharSequence
                ? "string" : base instanceof Number ? "number" : "value";
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return delegate.getType(context, base, property);
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        throw new PropertyNotFoundException("templates may not change model data");
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return delegate.getCommonPropertyType(context, base);
    }
}
