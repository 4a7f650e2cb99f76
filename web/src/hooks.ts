import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { ApiError, applyFieldErrors } from './api';

export interface Loaded<T> {
  data: T | undefined;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

/** Loads data with `load` whenever `deps` change; keeps the previous data while reloading. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, loading, error, reload };
}

/**
 * Reports an API error: field errors go under the form's inputs, anything else to a message.
 * `fallbackField` names the input a field-less 409 `duplicate` belongs to (e.g. `username`).
 */
export function useApiError() {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown, form?: FormInstance, options: { fallbackField?: string; aliases?: Record<string, string> } = {}) => {
      if (form && error instanceof ApiError) {
        if (error.fields.length > 0) {
          const unplaced = applyFieldErrors(form, error, options.aliases);
          // The top-level message repeats the fields with their English names; the inputs say it better.
          if (unplaced.length > 0) message.error(`提交未成功：${unplaced.join('；')}`);
          else message.warning('提交未成功，请按提示修改标红的项');
          return;
        }
        if (options.fallbackField && (error.status === 409 || error.code === 'duplicate')) {
          form.setFields([{ name: options.fallbackField, errors: [error.message] }]);
          form.scrollToField(options.fallbackField, { focus: true });
          return;
        }
      }
      if (error instanceof ApiError) message.error(error.message);
      else if (error instanceof Error) message.error(`操作失败：${error.message}`);
      else message.error('操作失败');
    },
    [message],
  );
}

/** The height available to an element from its top to the bottom of the window, minus `bottom`. */
export function useFillHeight(ref: RefObject<HTMLElement | null>, bottom = 24, min = 240, deps: readonly unknown[] = []): number {
  const [height, setHeight] = useState(min);
  useLayoutEffect(() => {
    const measure = () => {
      const el = ref.current;
      if (!el) return;
      const top = el.getBoundingClientRect().top;
      setHeight(Math.max(min, Math.floor(window.innerHeight - top - bottom)));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [ref, bottom, min, ...deps]);
  return height;
}
