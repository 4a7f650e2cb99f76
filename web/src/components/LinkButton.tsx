import type { ReactNode } from 'react';
import { Button } from 'antd';
import type { ButtonProps } from 'antd';

/** A link-styled button: reachable with Tab and Enter, unlike <a> without href. */
export function LinkButton({ children, ...rest }: ButtonProps & { children: ReactNode }) {
  return (
    <Button type="link" size="small" className="ms-link-button" {...rest}>
      {children}
    </Button>
  );
}
