// The pane's few styled primitives, on Garden's theme (no extra Garden packages for headings or alerts).
import { getColor } from '@zendeskgarden/react-theming';
import styled from 'styled-components';

export const Page = styled.main`
  box-sizing: border-box;
  padding: ${(p) => p.theme.space.md};
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.default' })};
  font-family: ${(p) => p.theme.fonts.system};
  font-size: ${(p) => p.theme.fontSizes.md};
  line-height: ${(p) => p.theme.lineHeights.md};
`;

export const Title = styled.h1`
  margin: 0 0 ${(p) => p.theme.space.xs};
  font-size: ${(p) => p.theme.fontSizes.lg};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
  line-height: ${(p) => p.theme.lineHeights.lg};
`;

export const Text = styled.p`
  margin: ${(p) => p.theme.space.sm} 0;
`;

export const Note = styled.p`
  margin: ${(p) => p.theme.space.xs} 0 0;
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.subtle' })};
  font-size: ${(p) => p.theme.fontSizes.sm};
  line-height: ${(p) => p.theme.lineHeights.sm};
`;

/** A message the reader must act on or know about; `role="alert"` when it reports a problem. */
export const Callout = styled.div<{ $danger?: boolean }>`
  margin: ${(p) => p.theme.space.sm} 0;
  border: ${(p) => p.theme.borders.sm};
  border-color: ${(p) => getColor({ theme: p.theme, variable: p.$danger ? 'border.danger' : 'border.default' })};
  border-radius: ${(p) => p.theme.borderRadii.md};
  background-color: ${(p) => getColor({ theme: p.theme, variable: p.$danger ? 'background.danger' : 'background.subtle' })};
  padding: ${(p) => p.theme.space.sm} ${(p) => p.theme.space.md};
  color: ${(p) => getColor({ theme: p.theme, variable: p.$danger ? 'foreground.danger' : 'foreground.default' })};
`;

export const Muted = styled.span`
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.subtle' })};
  font-style: italic;
`;

export const Subtitle = styled.h2`
  margin: ${(p) => p.theme.space.md} 0 ${(p) => p.theme.space.xs};
  font-size: ${(p) => p.theme.fontSizes.md};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
  line-height: ${(p) => p.theme.lineHeights.md};
`;

/** One fact: a line of text, or (as a `div` in a `dl`) a term and its value side by side. */
export const Field = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: 0 ${(p) => p.theme.space.xs};
  margin: ${(p) => p.theme.space.xxs} 0;

  & > dt {
    min-width: 40%;
    color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.subtle' })};
  }
  & > dd {
    margin: 0;
    font-weight: ${(p) => p.theme.fontWeights.semibold};
  }
`;

export const Details = styled.details`
  margin: ${(p) => p.theme.space.sm} 0;

  & > summary {
    cursor: pointer;
    color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.primary' })};
  }
`;
